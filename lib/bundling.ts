import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { FunctionName } from '../functions/contracts/routes.js';
import { EXTRACTION_WORKER } from '../functions/ingest/extraction-worker-file.js';

/**
 * How every Lambda function is bundled, in one place: the CDK house function passes these to
 * `NodejsFunction`, and `npm run bench` hands the same settings to esbuild, so the bench
 * measures the bundle that ships. Free of aws-cdk-lib so the bench loads it in milliseconds.
 */

/** The Lambda runtime's Node.js major version; esbuild targets the same. */
export const LAMBDA_NODE_MAJOR = 24;

/**
 * Lets esbuild's ESM output load CommonJS dependencies that call `require` (twilio and its
 * transitive packages do).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** `NodejsFunction` bundling props (all but `format`, which takes CDK's enum). */
export const HOUSE_BUNDLING = {
  minify: true,
  sourceMap: true,
  // Source maps only need positions; the sources are in git, not in the zip.
  sourcesContent: false,
  // Minified class names would turn `SomethingError` into `e` in logs.
  keepNames: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  // Bundle the SDK clients too: the versions we test are the versions that run, instead
  // of whatever the runtime ships that week.
  // The embedded OCR engine is for the local stack: in AWS, Textract reads scans (OCR_ENGINE),
  // so tesseract.js, its model and the canvas renderer (a native binary) never ship in a zip.
  externalModules: ['tesseract.js', '@tesseract.js-data/eng', '@napi-rs/canvas'] as string[],
  /**
   * Module replacements, paths relative to the repository root (esbuild's working directory). In
   * Lambda, credentials come from the environment: the SDK's default chain shrinks to that link.
   */
  alias: {
    '@aws-sdk/credential-provider-node': './functions/platform/lambda-credentials.ts',
  } as Record<string, string>,
};

/**
 * The esbuild options CDK derives from {@link HOUSE_BUNDLING} for an ESM function on Node.js
 * {@link LAMBDA_NODE_MAJOR} (`--bundle --platform=node --format=esm --target=node24 ...`).
 *
 * @example
 * await esbuild.build({ ...houseEsbuildOptions(), entryPoints: ['functions/health/index.ts'], outfile, metafile: true });
 */
export const houseEsbuildOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: HOUSE_BUNDLING.minify,
  sourcemap: HOUSE_BUNDLING.sourceMap,
  sourcesContent: HOUSE_BUNDLING.sourcesContent,
  keepNames: HOUSE_BUNDLING.keepNames,
  mainFields: [...HOUSE_BUNDLING.mainFields],
  banner: { js: HOUSE_BUNDLING.banner },
  external: [...HOUSE_BUNDLING.externalModules],
  alias: { ...HOUSE_BUNDLING.alias },
});

/**
 * Files a function loads beside its bundle at run time: worker threads, which need a file of
 * their own. Each is bundled from its entry with the house settings after the function itself.
 */
export const WORKER_BUNDLES: Partial<
  Record<FunctionName, ReadonlyArray<{ entry: string; outfile: string }>>
> = {
  'ingest-worker': [{ entry: EXTRACTION_WORKER.source, outfile: EXTRACTION_WORKER.bundled }],
};

/** {@link houseEsbuildOptions} as esbuild command-line flags. */
export const houseEsbuildArgs = (): string[] => [
  '--bundle',
  '--platform=node',
  '--format=esm',
  `--target=node${LAMBDA_NODE_MAJOR}`,
  ...(HOUSE_BUNDLING.minify ? ['--minify'] : []),
  ...(HOUSE_BUNDLING.sourceMap ? ['--sourcemap'] : []),
  `--sources-content=${HOUSE_BUNDLING.sourcesContent}`,
  ...(HOUSE_BUNDLING.keepNames ? ['--keep-names'] : []),
  `--main-fields=${HOUSE_BUNDLING.mainFields.join(',')}`,
  `--banner:js=${HOUSE_BUNDLING.banner}`,
  ...HOUSE_BUNDLING.externalModules.map((name) => `--external:${name}`),
  ...Object.entries(HOUSE_BUNDLING.alias).map(([name, path]) => `--alias:${name}=${path}`),
];

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The shell commands (run by CDK after bundling, in the repository root) that bundle a
 * function's {@link WORKER_BUNDLES} into its output folder.
 *
 * @example
 * workerBundlingCommands('ingest-worker', '/repo', '/tmp/asset')
 * // ["npx --no-install esbuild '/repo/functions/ingest/extraction-worker.ts' '--bundle' ... '--outfile=/tmp/asset/extraction-worker.mjs'"]
 */
export const workerBundlingCommands = (name: FunctionName, inputDir: string, outputDir: string): string[] =>
  (WORKER_BUNDLES[name] ?? []).map((worker) =>
    [
      'npx --no-install esbuild',
      ...[
        join(inputDir, worker.entry),
        ...houseEsbuildArgs(),
        `--outfile=${join(outputDir, worker.outfile)}`,
      ].map(shellQuote),
    ].join(' '),
  );
