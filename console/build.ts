import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

/** The console's source: index.html, console.css and the TypeScript under src/. */
export const CONSOLE_SOURCE_DIR = fileURLToPath(new URL('./web/', import.meta.url));
const REPOSITORY_DIR = fileURLToPath(new URL('../', import.meta.url));
/** Where `npm run build:console` and the local stack put the built page (gitignored). */
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL('../.frontdesk-build/console/', import.meta.url));

/** The files a browser loads, which are all the console ships. */
export const CONSOLE_FILES = ['index.html', 'console.js', 'console.css'] as const;

export interface ConsoleBuild {
  outDir: string;
  /** Per file and in total: bytes as served, and gzipped (what crosses the network). */
  weight: Array<{ file: string; bytes: number; gzipBytes: number }>;
  total: { bytes: number; gzipBytes: number };
  /** The source files bundled into console.js, relative to the repository (esbuild's metafile). */
  modules: string[];
}

/**
 * Builds the console: one minified ES module, one minified stylesheet and the HTML. Synchronous,
 * because CDK's local asset bundling is.
 */
export const buildConsole = (outDir: string = CONSOLE_BUILD_DIR): ConsoleBuild => {
  mkdirSync(outDir, { recursive: true });
  // Built aside and renamed in file by file, so a server reading outDir never sees half a file.
  const scratch = mkdtempSync(path.join(path.dirname(path.resolve(outDir)), '.console-build-'));
  let modules: string[];
  try {
    modules = buildInto(scratch);
    for (const file of CONSOLE_FILES) renameSync(path.join(scratch, file), path.join(outDir, file));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const weight = CONSOLE_FILES.map((file) => {
    const content = readFileSync(path.join(outDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const total = weight.reduce(
    (sum, w) => ({ bytes: sum.bytes + w.bytes, gzipBytes: sum.gzipBytes + w.gzipBytes }),
    { bytes: 0, gzipBytes: 0 },
  );
  return { outDir, weight, total, modules };
};

/** Builds the three files into outDir; answers the modules console.js is made of. */
const buildInto = (outDir: string): string[] => {
  const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'error' } as const;
  const script = buildSync({
    ...common,
    metafile: true,
    entryPoints: [path.join(CONSOLE_SOURCE_DIR, 'src/main.ts')],
    outfile: path.join(outDir, 'console.js'),
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    tsconfig: path.join(CONSOLE_SOURCE_DIR, 'tsconfig.json'),
  });
  buildSync({
    ...common,
    entryPoints: [path.join(CONSOLE_SOURCE_DIR, 'console.css')],
    outfile: path.join(outDir, 'console.css'),
  });
  copyFileSync(path.join(CONSOLE_SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html'));
  // esbuild names inputs relative to the working directory; the repository is the stable base.
  return Object.keys(script.metafile.inputs).map((input) =>
    path.relative(REPOSITORY_DIR, path.resolve(input)).split(path.sep).join('/'),
  );
};

const newestSourceChange = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestSourceChange(full) : statSync(full).mtimeMs;
    }),
  );

/** True when a built file is missing or older than any source file. */
export const consoleBuildIsStale = (outDir: string = CONSOLE_BUILD_DIR): boolean => {
  try {
    const built = Math.min(...CONSOLE_FILES.map((file) => statSync(path.join(outDir, file)).mtimeMs));
    return built < newestSourceChange(CONSOLE_SOURCE_DIR);
  } catch {
    return true;
  }
};

/** The console as the CDK app hands it to `lib/console-site.ts`: its source and how to build it. */
export const consolePage = {
  sourceDir: CONSOLE_SOURCE_DIR,
  build: (outDir: string): void => {
    buildConsole(outDir);
  },
};
