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
  const server = createServer(async (req, res) => {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
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
