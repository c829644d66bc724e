import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import type { FunctionName, HttpRoute } from '../functions/contracts/routes.js';
import type { HttpEvent, HttpResult } from '../functions/platform/http.js';
import { localLambdaContext } from './lambda-context.js';

export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Content types API Gateway passes as text; everything else arrives base64-encoded. */
const TEXT_TYPES = /^(application\/(json|xml|javascript)|text\/)/i;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  names: string[];
}

const compile = (route: HttpRoute): CompiledRoute => {
  const names: string[] = [];
  // Route paths hold only literal segments and {name} / {name+} parameters.
  const source = route.path.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
};

/**
 * Turns a Node request into the API Gateway HTTP API (payload v2) event the Lambda handlers get,
 * calls the route's handler in-process, and writes its result back.
 */
export const createApiRouter = (
  routes: readonly HttpRoute[],
  handlers: Record<FunctionName, HttpHandler | undefined>,
) => {
  const compiled = routes.map(compile);

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    const matches = compiled.filter((c) => c.pattern.test(url.pathname));
    if (matches.length === 0) return false;
    const match = matches.find((c) => c.route.method === method || c.route.method === 'ANY');
    if (!match) {
      send(res, { statusCode: 405, body: JSON.stringify({ message: 'Method Not Allowed' }) });
      return true;
    }
    const handler = handlers[match.route.functionName];
    if (!handler) return false;

    const body = await readBody(req);
    if (body === undefined) {
      send(res, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) });
      return true;
    }
    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    const event = toEvent(req, url, body, match, values);
    try {
      send(res, await handler(event, localLambdaContext(match.route.functionName)));
    } catch (error) {
      // API Gateway answers 500 when the function itself fails.
      console.error(`[local] ${match.route.functionName} failed:`, error);
      send(res, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
    }
    return true;
  };
};

const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const toEvent = (
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  match: CompiledRoute,
  values: string[],
): HttpEvent => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers.cookie?.split(/;\s*/);
  delete headers.cookie;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const pathParameters = Object.fromEntries(
    match.names.map((name, i) => [name, decodeOrRaw(values[i] ?? '')]),
  );
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${match.route.method} ${match.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: match.names.length ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${match.route.method} ${match.route.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText,
  };
};

export const send = (res: ServerResponse, result: HttpResult): void => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  if (body.length === 0 && !result.headers?.['content-type']) delete headers['content-type'];
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
};

/** A malformed escape stays as sent: the function behind the route answers it (400), not us (500). */
const decodeOrRaw = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
