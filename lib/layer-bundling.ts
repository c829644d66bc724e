import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { LAYER_MODULES, type LayerModule } from '../functions/platform/layer-modules.js';
import { LAMBDA_NODE_MAJOR } from './bundling.js';

/**
 * How the vendor layer (`layers/vendor`) is built, free of aws-cdk-lib so tests and the bench
 * load it quickly: each of {@link LAYER_MODULES} becomes one minified CommonJS file under
 * `nodejs/node_modules/<specifier>`, where Lambda's NODE_PATH finds it. One file per module parses
 * faster than the package's hundreds, and carries exactly the version the lock file pins.
 */

/** The folder of the layer's sources (a README); the built content goes to CDK's asset folder. */
export const VENDOR_LAYER_DIR = 'layers/vendor';

const layerEsbuildOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'error',
});

/** Where a module's file sits in the layer: `twilio` -> `twilio/index.js`, a subpath gets `.js`. */
export const layerFileOf = (specifier: LayerModule): string => {
  const packageName = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  return specifier === packageName ? join(packageName, 'index.js') : `${specifier}.js`;
};

/**
 * The package.json of `name`, found above one of its files: a package whose `exports` leaves out
 * `./package.json` (openai, tinyld) cannot be resolved by that path.
 */
const manifestOf = (file: string, name: string): string => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    )
      return manifest;
  }
  throw new Error(`No package.json of ${name} above ${file}; is it installed?`);
};

const packageNameOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/**
 * Writes the layer's content into `outputDir` (`nodejs/node_modules/...`), resolving each module
 * as `require` does from the repository root.
 *
 * @example
 * buildVendorLayer('/repo', '/tmp/layer'); // /tmp/layer/nodejs/node_modules/twilio/index.js, ...
 */
export const buildVendorLayer = (repoRoot: string, outputDir: string): void => {
  const resolve = createRequire(join(repoRoot, 'package.json')).resolve;
  const modules = join(outputDir, 'nodejs', 'node_modules');
  const packages = new Map<string, string>();
  for (const specifier of LAYER_MODULES) {
    const outfile = join(modules, layerFileOf(specifier));
    mkdirSync(dirname(outfile), { recursive: true });
    buildSync({
      ...layerEsbuildOptions(),
      absWorkingDir: repoRoot,
      entryPoints: [resolve(specifier)],
      outfile,
    });
    const name = packageNameOf(specifier);
    packages.set(name, manifestOf(resolve(specifier), name));
  }
  for (const [name, manifest] of packages) {
    const { version } = createRequire(import.meta.url)(manifest) as { version: string };
    // No `exports` map: `require('<package>/<subpath>')` finds `<subpath>.js` as written above.
    writeFileSync(
      join(modules, name, 'package.json'),
      `${JSON.stringify({ name, version, main: 'index.js' }, null, 2)}\n`,
    );
  }
};
