/**
 * `npm run eval:ingest -- <folder> [--timeout 60] [--large-pdf]`: uploads every file under a
 * folder to a fresh local stack (in memory, embedded index: no embedding calls) exactly as an
 * owner would (presigned POST, multipart upload), waits for each document's final status, and
 * prints a table (file, status, reason, chunks, seconds), PDF throughput and the stack's peak
 * RSS. The stack runs in a child process, so a file that hangs the worker is caught by the
 * per-file timeout and the stack restarted. Exits 0 only if no file crashed or hung the worker.
 */
import { parseArgs } from 'node:util';
import { runIngestEval } from '../tools/eval/ingest-corpus.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { timeout: { type: 'string', default: '60' }, 'large-pdf': { type: 'boolean', default: false } },
});
const folder = positionals[0];
if (!folder) {
  console.error('usage: npm run eval:ingest -- <folder> [--timeout <seconds>] [--large-pdf]');
  process.exit(2);
}

const code = await runIngestEval({
  folder,
  timeoutMs: Number(values.timeout) * 1000,
  largePdf: Boolean(values['large-pdf']),
});
// The OCR pass leaves tesseract.js's worker thread running; the figures are printed, so stop.
process.exit(code);
