import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import { createExtractionSandbox } from '../../functions/ingest/extraction-sandbox.js';
import { loadConfig } from '../../functions/platform/config.js';
import { honestHighRatioDocx, lyingDocxBomb, pdfFlateBomb } from '../fixtures/bombs.js';
import { makePdf } from '../fixtures/document-fixtures.js';
import { round } from './stats.js';

const run = promisify(execFile);
const MB = 1e6;

/** The attacks of issue 12 (attack 6), built in code at the sizes the issue reports. */
const BOMBS = {
  'docx-lying-5.5MB': () => ({ bytes: lyingDocxBomb(5300) }),
  'docx-lying-9MB': () => ({ bytes: lyingDocxBomb(8700) }),
  'docx-ratio70-over-budget': () => ({ bytes: honestHighRatioDocx(175).docx }),
  'docx-ratio70-under-budget': () => ({ bytes: honestHighRatioDocx(90).docx }),
  'pdf-flate-5.5MB': () => ({ bytes: pdfFlateBomb(5300) }),
};
type BombName = keyof typeof BOMBS;

export interface BombFigures {
  bomb: BombName;
  fileMb: number;
  /** From handing the file to the sandbox to its refusal (what marks the document `failed`). */
  secondsToFailed: number;
  code: string;
  reason: string;
  /** The whole process (main and extraction thread) at its peak, and before the bomb. */
  peakRssMb: number;
  rssBeforeMb: number;
  /** A normal PDF read in the same process right after. */
  nextDocument: 'read' | string;
}

/**
 * Runs in a child process, so its peak RSS is this bomb's alone: the sandbox with the default
 * limits (as `loadConfig` gives them), warmed on a normal PDF, then the bomb, then the PDF again.
 * Prints one JSON line.
 */
export const bombChild = async (name: string, file: string): Promise<void> => {
  const kind = name.startsWith('pdf') ? 'pdf' : 'docx';
  const bytes = new Uint8Array(readFileSync(file));
  const sandbox = createExtractionSandbox(loadConfig({}).ingest.extraction);
  const menu = await makePdf([['Opening hours: 9am to 5pm.']]);
  await sandbox.extract('pdf', menu, 'menu.pdf');
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  let code = 'extracted';
  let reason = '';
  try {
    await sandbox.extract(kind, bytes, `bomb.${kind}`);
  } catch (error) {
    code = error instanceof DocumentRejectedError ? error.code : `crash: ${(error as Error).name}`;
    reason = (error as Error).message;
  }
  const secondsToFailed = (performance.now() - started) / 1000;
  let nextDocument = 'read';
  try {
    await sandbox.extract('pdf', menu, 'menu.pdf');
  } catch (error) {
    nextDocument = (error as Error).message;
  }
  await sandbox.close();
  const figures: BombFigures = {
    bomb: name as BombName,
    fileMb: round(bytes.byteLength / MB, 1),
    secondsToFailed: round(secondsToFailed, 2),
    code,
    reason,
    peakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB, 0),
    rssBeforeMb: round(rssBefore / MB, 0),
    nextDocument,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
};

/**
 * Each bomb in a fresh process, one after another. Bombs are built here and read from a file by
 * the child, so building a 175 MB XML does not count in the child's peak.
 */
export const measureBombs = async (benchEntry: string, workDir: string): Promise<BombFigures[]> => {
  const figures: BombFigures[] = [];
  for (const [name, build] of Object.entries(BOMBS)) {
    const file = join(workDir, `${name}.bin`);
    writeFileSync(file, build().bytes);
    const { stdout } = await run(
      process.execPath,
      [...process.execArgv, benchEntry, '--bomb-child', name, file],
      {
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    figures.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as BombFigures);
    rmSync(file);
  }
  return figures;
};

export const printBombs = (figures: BombFigures[]): void => {
  console.log('\nParser bombs (default limits, one fresh process each)');
  console.log('bomb                         file MB  s to failed  code                peak RSS MB  next doc');
  for (const f of figures) {
    console.log(
      `${f.bomb.padEnd(28)} ${String(f.fileMb).padStart(7)}  ${String(f.secondsToFailed).padStart(11)}  ${f.code.padEnd(18)}  ${String(f.peakRssMb).padStart(11)}  ${f.nextDocument}`,
    );
  }
  for (const f of figures) console.log(`  ${f.bomb}: ${f.reason}`);
};
