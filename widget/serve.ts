import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget, WIDGET_BUILD_DIR, WIDGET_FILE, WIDGET_SOURCE_DIR } from './build.js';

export const WIDGET_PATH = '/widget.js';
export const DEMO_SITE_PATH = '/demo-site/';

const DEMO_PAGE = fileURLToPath(new URL('./demo-site/index.html', import.meta.url));
const BUSINESS_ID = /^[\w-]{1,64}$/;

/** The snippet an owner pastes into their site (the console's Website panel shows the same). */
export const widgetSnippet = (widgetUrl: string, business: string): string =>
  `<script src="${widgetUrl}" data-business="${business}" async></script>`;

const newestSource = (): number =>
  Math.max(
    ...['main.ts', 'view.ts', 'connection.ts', 'strings.ts', 'styles.ts'].map(
      (f) => statSync(path.join(WIDGET_SOURCE_DIR, f)).mtimeMs,
    ),
  );

const isStale = (): boolean => {
  try {
    return statSync(path.join(WIDGET_BUILD_DIR, WIDGET_FILE)).mtimeMs < newestSource();
  } catch {
    return true;
  }
};

/**
 * The local stack's widget files: `/widget.js` (built from widget/src when stale; it calls the
 * API of the origin it came from) and `/demo-site/?business=<id>`, a business's page with the
 * snippet in it, to try the widget as a visitor would.
 */
export const createWidgetFiles = (options: { widgetUrl: string }) => {
  if (isStale()) buildWidget();
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === WIDGET_PATH) {
      if (isStale()) buildWidget();
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        // Loaded by pages of any site, as from the console's CloudFront distribution.
        'cross-origin-resource-policy': 'cross-origin',
        'access-control-allow-origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(path.join(WIDGET_BUILD_DIR, WIDGET_FILE)));
      return true;
    }
    if (url.pathname === '/demo-site') {
      res.writeHead(308, { location: `${DEMO_SITE_PATH}${url.search}` });
      res.end();
      return true;
    }
    if (url.pathname !== DEMO_SITE_PATH) return false;
    const business = url.searchParams.get('business') ?? '';
    const valid = BUSINESS_ID.test(business);
    const page = readFileSync(DEMO_PAGE, 'utf8')
      .replace(
        '{{NOTE}}',
        valid
          ? 'This is a demo page of the local stack, with the chat snippet of one business.'
          : 'Add ?business=<id> to this address: the id is under Website in the console (GET /v1/website).',
      )
      .replace('{{SNIPPET}}', valid ? widgetSnippet(options.widgetUrl, business) : '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : page);
    return true;
  };
};
