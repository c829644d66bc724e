/**
 * `npm run eval -- --policyqa <file> --emanual <folder> --json <out>`: retrieval quality on
 * PolicyQA and refusals on E-Manual, through the same index and answerer the runtime chooses
 * (offline: embedded BM25 and the extractive answerer; with OPENAI/PINECONE keys set: those,
 * and `measured` says which). E-Manual questions go through the runtime's whole answer path.
 * The data sets are passed as arguments; nothing here reads them from a fixed place.
 */
import '../local-stack/quiet.js';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateEmanual } from '../tools/eval/emanual.js';
import { startEvalHarness } from '../tools/eval/harness.js';
import { evaluatePolicyQa } from '../tools/eval/policyqa.js';

const { values } = parseArgs({
  options: { policyqa: { type: 'string' }, emanual: { type: 'string' }, json: { type: 'string' } },
});
if (!values.policyqa && !values.emanual) {
  console.error('Usage: npm run eval -- --policyqa <squad json> --emanual <folder> [--json <out>]');
  process.exit(2);
}

const harness = await startEvalHarness();
const started = Date.now();
try {
  const result: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    measured: harness.measured,
    retrieval: harness.index.kind,
    answerer: harness.answerer.kind,
    relevanceFloor: harness.config.answers.relevanceFloor,
  };
  if (values.policyqa) {
    result.policyqa = { file: values.policyqa, ...(await evaluatePolicyQa(values.policyqa, harness)) };
  }
  if (values.emanual) {
    result.emanual = { folder: values.emanual, ...(await evaluateEmanual(values.emanual, harness)) };
  }
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  if (values.json) await writeFile(values.json, `${json}\n`);
} finally {
  await harness.close();
}
