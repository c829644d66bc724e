import type { DesignChoice } from './design-choice.js';
import { totalCalls } from './dynamo-meter.js';
import type { KnowledgeFigures } from './knowledge.js';
import type { AnswerFigures } from './live.js';
import type { BenchReport } from './run.js';
import { WEBHOOK_WARM_UP } from './webhook.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
};

/** The human-readable summary; the JSON holds everything. */
export const printReport = (report: BenchReport): void => {
  const lines: string[] = [];
  lines.push('Functions (esbuild, house settings; init = median of fresh node processes)');
  lines.push(
    table([
      ['function', 'bundle', 'init ms', 'largest input'],
      ...report.functions.map((f) => [
        f.name,
        kb(f.bundleBytes),
        f.initMsMedian.toFixed(1),
        f.topInputs[0] ? `${f.topInputs[0].path} (${kb(f.topInputs[0].bytes)})` : '',
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    `Webhooks in-process, dynalite in a child process (one at a time for p50/p99; 16 in flight for rps; cpu = this process only, after ${WEBHOOK_WARM_UP} requests each; first 100 = a fresh process)`,
  );
  lines.push(
    table([
      ['handler', 'p50 ms', 'p99 ms', 'rps', 'cpu ms/req', 'cpu-bound rps', 'cpu ms/req, first 100'],
      ...Object.entries(report.webhook.byProvider).map(([name, w]) => [
        name,
        w.p50Ms.toFixed(2),
        w.p99Ms.toFixed(2),
        String(w.rps),
        w.cpuMsPerRequest.toFixed(2),
        w.cpuMsPerRequest > 0 ? (1000 / w.cpuMsPerRequest).toFixed(0) : '',
        w.freshCpuMsPerRequest?.toFixed(2) ?? '',
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    `Answer overhead (zero-delay LLM): p50 ${report.answerOverhead.p50Ms} ms, p95 ${report.answerOverhead.p95Ms} ms${passesOf(report.answerOverhead)}`,
  );
  if ('pagesPerSec' in report.ingest) {
    const i = report.ingest;
    lines.push(
      `Ingest: ${i.pagesPerSec} pages/s, ${i.chunksPerSec} chunks/s, peak RSS ${i.peakRssMb} MB ` +
        `(${i.documents} PDFs, ${i.rejected} rejected, ${i.pages} pages, ${i.chunks} chunks; ${i.pipeline})`,
    );
  } else {
    lines.push(`Ingest: skipped (${report.ingest.skipped})`);
  }
  lines.push('');
  lines.push(printKnowledge(report.knowledge));
  const c = report.costPer1000;
  lines.push('');
  lines.push(
    `Cost per 1,000 answered messages: infra $${c.infraUsd.toFixed(4)} + LLM $${c.llmUsd.toFixed(4)} = $${c.totalUsd.toFixed(4)}`,
  );
  lines.push(
    `  ${Object.entries(c.breakdown)
      .map(([k, v]) => `${k} $${v.toFixed(5)}`)
      .join(', ')}`,
  );
  lines.push(`  prices: ${report.prices.region}, ${report.prices.asOf}`);
  lines.push('');
  lines.push('Design choices (naive vs chosen, same run)');
  lines.push(
    table([
      ['choice', 'metric', 'naive', 'chosen', 'ratio'],
      ...report.designChoices.map((d) => [
        d.choice.length > 70 ? `${d.choice.slice(0, 67)}...` : d.choice,
        d.metric,
        String(d.naive.value),
        String(d.chosen.value),
        `${d.ratio}x`,
      ]),
    ]),
  );
  console.log(lines.join('\n'));
};

/** The knowledge-index figures: before (full reread) and after (in place), and a cold process. */
export const printKnowledge = (k: KnowledgeFigures): string => {
  const row = (
    label: string,
    f: KnowledgeFigures['coldProcessFirstSearch'] | KnowledgeFigures['firstSearchAfterChange']['inPlace'],
  ) => [label, f.medianMs.toFixed(1), String(f.dynamoCalls), String(f.itemsRead), String(f.readUnits)];
  return [
    `Embedded index, tenant at its quota (${k.tenant.documents} documents, ${k.tenant.chunks} chunks of ~${k.tenant.wordsPerChunk} words, ${k.tenant.bytesPerChunk} bytes each); medians of ${k.rounds} changes`,
    table([
      ['first search', 'ms', 'dynamo calls', 'items read', 'read units'],
      row('after a change, full reread (before)', k.firstSearchAfterChange.fullReread),
      row('after a change, in place (after)', k.firstSearchAfterChange.inPlace),
      row(
        `cold process, full reread (${k.coldProcessFirstSearchFullReread.runs} runs)`,
        k.coldProcessFirstSearchFullReread,
      ),
      row(`cold process, from documents (${k.coldProcessFirstSearch.runs} runs)`, k.coldProcessFirstSearch),
    ]),
    ...Object.entries(k.firstSearchAfterChange.byChange).map(
      ([change, ms]) => `  ${change}: full reread ${ms.fullRereadMs} ms, in place ${ms.inPlaceMs} ms`,
    ),
  ].join('\n');
};

/** `--only answer`: the answered message's overhead and its table calls, item by item. */
export const printAnswer = (figures: AnswerFigures & { designChoices?: DesignChoice[] }): string =>
  [
    `Answer overhead (zero-delay LLM, ${figures.answer.messages} messages): p50 ${figures.answer.p50Ms} ms, p95 ${figures.answer.p95Ms} ms, mean ${figures.answer.meanMs} ms${passesOf(figures.answer)}`,
    `Table calls per answered message: ${round2(totalCalls(figures.usage))} (read units ${figures.usage.readUnits}, write units ${figures.usage.writeUnits}, items read ${figures.usage.itemsRead})`,
    table([
      ['calls', 'command and item'],
      ...Object.entries(figures.usage.byItem).map(([item, n]) => [String(n), item]),
    ]),
    ...(figures.designChoices ?? []).map(
      (d) =>
        `${d.choice}: ${d.metric} ${d.naive.label} ${d.naive.value}, ${d.chosen.label} ${d.chosen.value} (${d.ratio}x)`,
    ),
  ].join('\n');

const round2 = (n: number) => Math.round(n * 100) / 100;

/** ` (median of 3 passes: p95 33.1 / 35.2 / 41.0 ms)` when the figures are a median pass. */
const passesOf = (answer: { passes?: Array<{ p95Ms: number }> }): string =>
  answer.passes?.length
    ? ` (median of ${answer.passes.length} passes; p95 by pass ${answer.passes.map((p) => p.p95Ms).join(' / ')} ms)`
    : '';
