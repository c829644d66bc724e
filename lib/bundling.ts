import type { BuildOptions } from 'esbuild';

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
  externalModules: [] as string[],
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
});
