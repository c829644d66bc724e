import { execFile, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { houseEsbuildOptions, WORKER_BUNDLES, workerBundlingCommands } from '../../lib/bundling.js';
import { lyingDocxBomb } from '../../tools/fixtures/bombs.js';
import { makePdf } from '../../tools/fixtures/document-fixtures.js';

const run = promisify(execFile);
const HEIC_FIXTURE = fileURLToPath(new URL('../fixtures/ocr/price-list.heic', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
let outDir: string;

/**
 * The extraction sandbox as the ingest worker's Lambda bundle carries it: the sandbox inside
 * `index.mjs` (house esbuild settings), its worker thread in the file CDK's after-bundling
 * command writes beside it, loaded by plain Node with no TypeScript loader. Bundling takes a few
 * seconds, so this one test does it once (the synth tests skip bundling).
 */
beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'frontdesk-extraction-bundle-'));
  await build({
    ...houseEsbuildOptions(),
    absWorkingDir: REPO_ROOT,
    stdin: {
      contents: "export { createExtractionSandbox } from './functions/ingest/extraction-sandbox.ts';",
      resolveDir: REPO_ROOT,
      sourcefile: 'entry.ts',
      loader: 'ts',
    },
    outfile: join(outDir, 'index.mjs'),
    logLevel: 'error',
  });
  for (const command of workerBundlingCommands('ingest-worker', REPO_ROOT, outDir)) {
    execSync(command, { cwd: REPO_ROOT, stdio: 'ignore' });
  }
}, 120_000);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the ingest worker bundle', () => {
  it('names the extraction worker as the one extra file of the ingest worker', () => {
    expect(Object.keys(WORKER_BUNDLES)).toEqual(['ingest-worker']);
    expect(existsSync(join(outDir, 'extraction-worker.mjs'))).toBe(true);
    expect(workerBundlingCommands('answer-worker', REPO_ROOT, outDir)).toEqual([]);
  });

  it('extracts in its bundled worker thread, refuses a bomb and extracts again', async () => {
    // Prepare
    const pdf = join(outDir, 'menu.pdf');
    const bomb = join(outDir, 'bomb.docx');
    writeFileSync(pdf, await makePdf([['Opening hours: 9 to 5.']]));
    writeFileSync(bomb, lyingDocxBomb(2048));
    const script = `
      import { readFileSync } from 'node:fs';
      import { createExtractionSandbox } from ${JSON.stringify(join(outDir, 'index.mjs'))};
      const sandbox = createExtractionSandbox({ maxInflatedBytes: 16 << 20, timeoutMs: 20000, maxHeapMb: 256, maxMemoryMb: 1024 });
      const outcome = (promise) => promise.then((x) => x.blocks.filter((b) => b.text).map((b) => b.text).join(' '), (e) => e.name + ' ' + e.code);
      const first = await outcome(sandbox.extract('pdf', readFileSync(${JSON.stringify(pdf)}), 'menu.pdf'));
      const bomb = await outcome(sandbox.extract('docx', readFileSync(${JSON.stringify(bomb)}), 'bomb.docx'));
      const after = await outcome(sandbox.extract('pdf', readFileSync(${JSON.stringify(pdf)}), 'menu.pdf'));
      const heic = await sandbox.heicAsJpeg(readFileSync(${JSON.stringify(HEIC_FIXTURE)}), 'menu.heic').then(
        (jpeg) => [...jpeg.subarray(0, 3)].join(','),
        (e) => e.name + ' ' + e.message,
      );
      await sandbox.close();
      console.log(JSON.stringify({ first, bomb, after, heic }));
    `;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: outDir });

    // Assess
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      first: 'Opening hours: 9 to 5.',
      bomb: 'DocumentRejectedError decompression-bomb',
      after: 'Opening hours: 9 to 5.',
      // A HEIC photo converted for Textract by libheif's wasm inside the bundle (a JPEG's magic).
      heic: '255,216,255',
    });
  }, 60_000);
});
