import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

/** The widget's TypeScript (browser code, no framework). */
export const WIDGET_SOURCE_DIR = fileURLToPath(new URL('./src/', import.meta.url));
/** Where the local stack and the console build put widget.js (gitignored). */
export const WIDGET_BUILD_DIR = fileURLToPath(new URL('../.frontdesk-build/widget/', import.meta.url));
export const WIDGET_FILE = 'widget.js';

/** What a host page pays for the widget: 15 KB gzipped at most (issue 17). */
export const WIDGET_GZIP_BUDGET_BYTES = 15 * 1024;

/** The placeholders a deployment replaces with its API's and WebSocket API's URLs. */
export const API_URL_PLACEHOLDER = '__FRONTDESK_API_URL__';
export const SOCKET_URL_PLACEHOLDER = '__FRONTDESK_SOCKET_URL__';

export interface WidgetBuild {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles the widget into one minified script (an IIFE: it runs as a plain `<script async>` on
 * any page and leaves no global behind). Synchronous, because CDK's local bundling is.
 */
export const buildWidget = (outDir: string = WIDGET_BUILD_DIR): WidgetBuild => {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, WIDGET_FILE);
  buildSync({
    entryPoints: [path.join(WIDGET_SOURCE_DIR, 'main.ts')],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'error',
    tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
  });
  const content = readFileSync(file);
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
};

/**
 * The built script with a deployment's endpoints written in, so the snippet needs only
 * `data-business`. Values may be CDK tokens: `Source.data` resolves them at deploy.
 *
 * @example
 * widgetScriptFor(js, { apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com', socketUrl: 'wss://def.execute-api.eu-west-1.amazonaws.com/live' })
 */
export const widgetScriptFor = (script: string, endpoints: { apiUrl: string; socketUrl: string }): string => {
  if (!script.includes(API_URL_PLACEHOLDER) || !script.includes(SOCKET_URL_PLACEHOLDER)) {
    throw new Error('widget.js has lost its endpoint placeholders: check widget/src/main.ts');
  }
  return script
    .split(API_URL_PLACEHOLDER)
    .join(endpoints.apiUrl)
    .split(SOCKET_URL_PLACEHOLDER)
    .join(endpoints.socketUrl);
};

/** The widget as esbuild makes it, built once per process into a scratch directory. */
let built: string | undefined;
const builtScript = (): string => {
  if (built === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'frontdesk-widget-'));
    try {
      built = readFileSync(buildWidget(dir).file, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return built;
};

/** What the CDK app hands the console site (lib/console-site.ts `WidgetScript`). */
export const widgetScript = {
  fileName: WIDGET_FILE,
  build: (endpoints: { apiUrl: string; socketUrl: string }): string =>
    widgetScriptFor(builtScript(), endpoints),
};
