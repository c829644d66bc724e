import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { houseEsbuildOptions } from '../../lib/bundling.js';
import { median, round } from './stats.js';

const run = promisify(execFile);

export interface BundleInput {
  path: string;
  bytes: number;
}

export interface FunctionFigures {
  name: string;
  bundleBytes: number;
  initMsMedian: number;
  topInputs: BundleInput[];
}

/** Every folder under `functions/` with an `index.ts` is a Lambda function. */
export const functionNames = (repoRoot: string): string[] =>
  readdirSync(join(repoRoot, 'functions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'functions', entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();

export interface Built {
  file: string;
  bytes: number;
  topInputs: BundleInput[];
  /** Bytes in the bundle per npm package (or repository folder), largest first. */
  packages: BundleInput[];
  /** Every input file that put bytes in the bundle. */
  inputs: string[];
}

/** Bundles one entry exactly as the house function does and reads its size from the metafile. */
export const bundle = async (
  repoRoot: string,
  entry: { file: string } | { source: string; name: string },
  outDir: string,
  /** Packages left out of the bundle, to be loaded from node_modules (as the runtime's SDK would be). */
  external: string[] = [],
  /** House settings a variant changes, e.g. `{ alias: {} }` for the SDK's full credential chain. */
  overrides: Partial<BuildOptions> = {},
): Promise<Built> => {
  const outfile = join(outDir, 'index.mjs');
  const result = await build({
    ...houseEsbuildOptions(),
    absWorkingDir: repoRoot,
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : {
          stdin: {
            contents: entry.source,
            resolveDir: repoRoot,
            sourcefile: `${entry.name}.ts`,
            loader: 'ts',
          },
        }),
    outfile,
    logLevel: 'error',
    ...(external.length ? { external } : {}),
    ...overrides,
    metafile: true,
  });
  const output = mainOutput(result.metafile);
  const inputs = Object.entries(output.inputs).map(([path, input]) => ({ path, bytes: input.bytesInOutput }));
  const byPackage = new Map<string, number>();
  for (const input of inputs) {
    const key = packageOf(input.path);
    byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytes);
  }
  return {
    file: outfile,
    bytes: output.bytes,
    topInputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 5),
    packages: [...byPackage].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes),
    inputs: inputs.filter((input) => input.bytes > 0).map((input) => input.path),
  };
};

const mainOutput = (metafile: Metafile) => {
  const found = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  if (!found) throw new Error('esbuild wrote no .mjs output');
  return found[1];
};

const packageOf = (path: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : path.split('/').slice(0, -1).join('/') || path;
};

/** The environment a deployed function starts with (names only; fake credentials, no network). */
export const lambdaEnvironment = (name: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SESSION_TOKEN: 'bench-session',
  AWS_LAMBDA_FUNCTION_NAME: `frontdesk-bench-${name}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  POWERTOOLS_SERVICE_NAME: name,
  POWERTOOLS_METRICS_NAMESPACE: 'Frontdesk',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  STAGE: 'bench',
  SECRETS_PATH: '/frontdesk/bench/',
  TABLE_NAME: 'frontdesk-bench',
  UPLOADS_BUCKET: 'frontdesk-bench-uploads',
  ANSWER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/frontdesk-bench-answers.fifo',
  INGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/frontdesk-bench-ingest',
  PUBLIC_BASE_URL: 'https://bench.example.com',
});

/** Imports the bundle and touches `handler`, timed inside the fresh process (process start excluded). */
const INIT_PROBE = `
const started = performance.now();
const mod = await import(process.env.BENCH_BUNDLE_URL);
if (typeof mod.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(String(performance.now() - started));
`;

/** One fresh `node` process importing a bundle and resolving its handler, in milliseconds. */
export const initMsOnce = async (file: string, name: string): Promise<number> => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INIT_PROBE], {
    env: { ...lambdaEnvironment(name), BENCH_BUNDLE_URL: pathToFileURL(file).href },
  });
  return Number(stdout);
};

/**
 * Median init of each bundle over `runs` rounds. The rounds go through every bundle in turn, so
 * a burst of load on the machine falls on all bundles alike instead of on one.
 */
export const initMsMedians = async (
  bundles: Array<{ file: string; name: string }>,
  runs: number,
): Promise<number[]> => {
  const samples = bundles.map((): number[] => []);
  for (let pass = 0; pass < runs; pass++) {
    for (const [i, b] of bundles.entries()) samples[i]!.push(await initMsOnce(b.file, b.name));
  }
  return samples.map((s) => round(median(s), 1));
};
