import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic stand-in for an embedding model: words hashed into a bag-of-words vector,
 * L2-normalised, so texts that share words have a high cosine similarity.
 */
export const fakeEmbedding = (text: string): number[] => {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (const ch of word) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619);
    vector[Math.abs(hash) % EMBEDDING_DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
};

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return parts.length ? JSON.parse(Buffer.concat(parts).toString('utf8')) : {};
};

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * The part of the OpenAI API that embeddings use: `POST /v1/embeddings`, answering floats or
 * base64 float32 (what the official client asks for by default). `failNext` answers 429 to the
 * next n requests, to exercise the client's retries.
 */
export async function startFakeOpenAi() {
  const requests: RecordedRequest[] = [];
  let failNext = 0;
  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return reply(res, 404, { error: 'not found' });
    if (failNext > 0) {
      failNext--;
      res.setHeader('retry-after-ms', '1');
      return reply(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } });
    }
    const inputs = ([] as unknown[]).concat(body.input);
    const data = inputs.map((input, index) => {
      const vector = fakeEmbedding(String(input));
      const embedding =
        body.encoding_format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector;
      return { object: 'embedding', index, embedding };
    });
    reply(res, 200, {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  });
  const url = await listen(server);
  return {
    baseUrl: `${url}/v1`,
    requests,
    failNextRequests(n: number) {
      failNext = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface StoredVector {
  id: string;
  values: number[];
  metadata?: Record<string, unknown>;
}

/**
 * A Pinecone index data plane in memory: `POST /vectors/upsert`, `POST /query` (cosine),
 * `GET /vectors/list` (by id prefix, paginated) and `POST /vectors/delete` (by ids), each
 * scoped to the request's namespace, as the real service does.
 */
export async function startFakePinecone(options: { pageSize?: number } = {}) {
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const requests: RecordedRequest[] = [];
  const namespace = (name: unknown) => {
    const key = String(name ?? '');
    if (!namespaces.has(key)) namespaces.set(key, new Map());
    return namespaces.get(key)!;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readJson(req);
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });
    if (!req.headers['api-key']) return reply(res, 401, { error: 'missing Api-Key' });
    if (req.method === 'POST' && url.pathname === '/vectors/upsert') {
      const vectors = body.vectors as StoredVector[];
      for (const v of vectors) namespace(body.namespace).set(v.id, v);
      return reply(res, 200, { upsertedCount: vectors.length });
    }
    if (req.method === 'POST' && url.pathname === '/query') {
      const query = body.vector as number[];
      const matches = [...namespace(body.namespace).values()]
        .map((v) => ({
          id: v.id,
          score: v.values.reduce((sum, x, i) => sum + x * (query[i] ?? 0), 0),
          ...(body.includeMetadata ? { metadata: v.metadata } : {}),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, Number(body.topK));
      return reply(res, 200, { matches, namespace: body.namespace ?? '' });
    }
    if (req.method === 'GET' && url.pathname === '/vectors/list') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const start = Number(url.searchParams.get('paginationToken') ?? 0);
      const pageSize = options.pageSize ?? 100;
      const ids = [...namespace(url.searchParams.get('namespace')).keys()]
        .filter((id) => id.startsWith(prefix))
        .sort();
      const page = ids.slice(start, start + pageSize);
      const next = start + pageSize < ids.length ? String(start + pageSize) : undefined;
      return reply(res, 200, {
        vectors: page.map((id) => ({ id })),
        ...(next ? { pagination: { next } } : {}),
        namespace: url.searchParams.get('namespace') ?? '',
        usage: { readUnits: 1 },
      });
    }
    if (req.method === 'POST' && url.pathname === '/vectors/delete') {
      for (const id of (body.ids as string[]) ?? []) namespace(body.namespace).delete(id);
      return reply(res, 200, {});
    }
    reply(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  });
  const host = await listen(server);
  return {
    host,
    requests,
    idsIn: (name: string) => [...namespace(name).keys()].sort(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
