import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleFiles } from '../../local-stack/console-files.js';

let root: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'console-files-'));
  const site = path.join(root, 'site');
  mkdirSync(site);
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(site, 'console.js'), 'export {};');
  writeFileSync(path.join(site, 'console.css'), 'body{}');
  writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  const serve = createConsoleFiles({ dir: site, connectSources: ['http://127.0.0.1:4569'] });
  server = createServer((req, res) => {
    void serve(req, res, new URL(req.url ?? '/', 'http://localhost')).then((served) => {
      if (!served) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('local console files', () => {
  it('serves the page with its content type and a policy that allows only itself and the upload endpoint', async () => {
    // Act
    const page = await fetch(`${origin}/console/`);
    const script = await fetch(`${origin}/console/console.js`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:4569");
    expect(policy).toContain("form-action 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('redirects /console to /console/ and leaves other paths to the API', async () => {
    const bare = await fetch(`${origin}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
    expect((await fetch(`${origin}/v1/tenant`)).status).toBe(418);
  });

  it.each([
    '/console/..%2Fsecret.txt',
    '/console/%2e%2e/secret.txt',
    '/console/..%5Csecret.txt',
    '/console/.env',
    '/console/missing.js',
    '/console/index.ts',
  ])('serves nothing for %s', async (requested) => {
    const response = await fetch(`${origin}${requested}`);
    // 404 from the console, or (for a path URL parsing lifts out of /console/) 418 from "the API".
    expect([404, 418]).toContain(response.status);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('refuses writes', async () => {
    expect((await fetch(`${origin}/console/index.html`, { method: 'POST' })).status).toBe(405);
  });
});
