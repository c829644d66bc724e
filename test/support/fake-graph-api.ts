import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  method?: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export type GraphScript = (request: GraphRequest, n: number) => { status: number; body: unknown };

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
  });

/**
 * A local HTTP server that speaks the Graph API's send endpoint and node reads: it records every
 * request and answers what `script` says (by default a WhatsApp-style success with a fresh wamid).
 */
export const startFakeGraphApi = async () => {
  const requests: GraphRequest[] = [];
  let script: GraphScript = (_request, n) => ({
    status: 200,
    body: { messages: [{ id: `wamid.fake${n}` }] },
  });
  /** Media the Graph API holds: `GET /<version>/<media-id>` describes it, its url serves it. */
  const media = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  let url = '';
  const server = createServer(async (req, res) => {
    // `media-files` stand for WhatsApp's media urls (token required), `cdn-files` for Meta's CDN.
    const file = /^\/(?:media|cdn)-files\/(\w+)$/.exec(req.url ?? '');
    const open = req.url?.startsWith('/cdn-files/');
    const described = /^\/v[\d.]+\/(\d+)$/.exec(req.url ?? '');
    const held = media.get(file?.[1] ?? described?.[1] ?? '');
    if (req.method === 'GET' && held && (file || described)) {
      requests.push({
        method: 'GET',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: {},
      });
      if (!open && !req.headers.authorization?.startsWith('Bearer ')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      if (file) {
        res.writeHead(200, { 'content-type': held.mimeType, 'content-length': held.bytes.byteLength });
        res.end(held.bytes);
        return;
      }
      const id = described![1]!;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          url: `${url}/media-files/${id}`,
          mime_type: held.mimeType,
          file_size: held.bytes.byteLength,
          id,
        }),
      );
      return;
    }
    const text = await read(req);
    const request: GraphRequest = {
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : {},
    };
    // Reads (GET /<node>?fields=...) are told apart; sends keep their shape in existing assertions.
    if (req.method !== 'POST') request.method = req.method;
    requests.push(request);
    const { status, body } = script(request, requests.length);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    /** Holds a media file under this id, as Meta does for a customer's voice note or photo. */
    holdMedia(id: string, bytes: Uint8Array, mimeType: string) {
      media.set(id, { bytes, mimeType });
    },
    answer(next: GraphScript) {
      script = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A Graph API error body as Meta sends it. */
export const graphError = (code: number, status = 400) => ({
  status,
  body: { error: { message: `(#${code}) refused`, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } },
});
