import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Where the console is served on the local stack, as CloudFront serves it at the root in AWS. */
export const CONSOLE_PATH = '/console/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Built file names only: no directories, no dot files, so no path can climb out of the folder. */
const FILE_NAME = /^[\w-]+(\.[\w-]+)+$/;

/**
 * The page's Content-Security-Policy: its own scripts and styles only, API calls to its own
 * origin, uploads to the S3 endpoint, and no framing. `form-action 'none'` keeps a form that
 * submits without script from ever putting the API key in a URL.
 */
export const consoleContentSecurityPolicy = (connectSources: readonly string[]) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * Serves the built console from `dir` under `/console/`. Answers false for any other path.
 *
 * @example
 * const serveConsole = createConsoleFiles({ dir: CONSOLE_BUILD_DIR, connectSources: [s3.endpoint] });
 * if (await serveConsole(req, res, url)) return;
 */
export const createConsoleFiles = (options: {
  dir: string;
  connectSources: readonly string[];
  /**
   * Served as `config.json`, which the deploy writes next to the page in AWS; locally the API is
   * the page's own origin, so `{}` (without it, every load would log a 404).
   */
  config?: Record<string, unknown>;
}) => {
  const root = path.resolve(options.dir);
  const headers = {
    'content-security-policy': consoleContentSecurityPolicy(options.connectSources),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === CONSOLE_PATH.slice(0, -1)) {
      res.writeHead(308, { location: CONSOLE_PATH }).end();
      return true;
    }
    if (!url.pathname.startsWith(CONSOLE_PATH)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(CONSOLE_PATH.length)) || 'index.html';
    } catch {
      name = '';
    }
    if (name === 'config.json' && options.config) {
      const body = Buffer.from(JSON.stringify(options.config));
      res.writeHead(200, {
        ...headers,
        'content-type': CONTENT_TYPES['.json']!,
        'content-length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const file = path.join(root, name);
    const type = CONTENT_TYPES[path.extname(name)];
    if (!FILE_NAME.test(name) || path.dirname(file) !== root || !type) return notFound(res);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound(res);
    }
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
};

const notFound = (res: ServerResponse): true => {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('Not found');
  return true;
};
