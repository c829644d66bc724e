import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
  });

/**
 * A local server that speaks the parts of Twilio's REST API Frontdesk uses: `Messages.json`
 * (records each message created) and media URLs
 * (`/2010-04-01/Accounts/<sid>/Messages/<MM>/Media/<ME>`), which need the account's basic auth
 * and redirect to the stored file, as Twilio's do.
 */
export const startFakeTwilioApi = async (credentials: { accountSid: string; authToken: string }) => {
  const messages: Array<Record<string, string>> = [];
  const mediaRequests: Array<{ path: string; authorization: string | undefined }> = [];
  const media = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  const basic = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  const server = createServer(async (req, res) => {
    const path = req.url ?? '';
    const mediaPath = /^\/2010-04-01\/Accounts\/AC\w+\/Messages\/MM\w+\/Media\/(ME\w+)$/.exec(path);
    if (req.method === 'GET' && mediaPath) {
      mediaRequests.push({ path, authorization: req.headers.authorization });
      if (req.headers.authorization !== basic) return void res.writeHead(401).end();
      return void res.writeHead(307, { location: `/storage/${mediaPath[1]}` }).end();
    }
    const stored = /^\/storage\/(ME\w+)$/.exec(path);
    const held = stored && media.get(stored[1]!);
    if (req.method === 'GET' && held) {
      res.writeHead(200, { 'content-type': held.mimeType, 'content-length': held.bytes.byteLength });
      return void res.end(held.bytes);
    }
    if (req.method === 'POST' && /\/Messages\.json$/.test(path)) {
      const form = Object.fromEntries(new URLSearchParams(await read(req)));
      messages.push(form);
      res.writeHead(201, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ sid: `SM${String(messages.length).padStart(32, '0')}`, status: 'queued', ...form }),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    mediaRequests,
    /** Holds a file; returns the MediaUrl Twilio would post in the webhook. */
    holdMedia(messageSid: string, mediaSid: string, bytes: Uint8Array, mimeType: string): string {
      media.set(mediaSid, { bytes, mimeType });
      return `${url}/2010-04-01/Accounts/${credentials.accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
