/**
 * `npm run bench -- --json <out> --corpus <folder of PDFs>`: bundle sizes and cold init of every
 * function, webhook latency and throughput, answer-worker overhead, ingest throughput, the first
 * search after a knowledge change at the knowledge quota, and the cost of 1,000 answered
 * messages. Prints a table and writes the figures as JSON. `--only knowledge` runs just the
 * knowledge-index part.
 * `npm run bench -- --bombs [--json <out>]`: only the parser bombs, seconds to `failed` and peak RSS.
 * `npm run bench -- --people [--base <other checkout>] [--json <out>]`: what accounts cost (issue 14):
 * bundle and init of the admin API and answer worker, and auth per request, key against ID token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dynalite-child': { type: 'string' },
    json: { type: 'string' },
    corpus: { type: 'string' },
    'init-runs': { type: 'string', default: '9' },
    requests: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '200' },
    passes: { type: 'string', default: '3' },
    'ingest-child': { type: 'string' },
    'knowledge-rounds': { type: 'string', default: '9' },
    'knowledge-cold-runs': { type: 'string', default: '3' },
    'voice-prompts': { type: 'string', default: '100' },
    'knowledge-cold-child': { type: 'string' },
    /** `knowledge`: only the knowledge-index figures (a minute instead of four); `voice`: only the call figures. */
    only: { type: 'string' },
    /** Only the parser-bomb timings (issue 12): each bomb in a fresh process. */
    bombs: { type: 'boolean', default: false },
    /** Only the people figures (issue 14); `--base` bundles another checkout alongside. */
    people: { type: 'boolean', default: false },
    base: { type: 'string' },
    'bomb-child': { type: 'string' },
  },
});

// Set before the handlers' modules load: Powertools reads these once, at import.
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'Frontdesk';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

if (values['dynalite-child']) {
  const { dynaliteChild } = await import('../tools/bench/dynalite-child.js');
  await dynaliteChild(values['dynalite-child'], positionals[0] ?? 'us-east-1');
} else if (values['ingest-child']) {
  const { ingestChild } = await import('../tools/bench/ingest.js');
  await ingestChild(values['ingest-child'], Number(values.passes));
  process.exit(0);
} else if (values['knowledge-cold-child']) {
  const { knowledgeColdChild } = await import('../tools/bench/knowledge.js');
  const [variant = 'in-place', tenantId = '', question = ''] = positionals;
  await knowledgeColdChild(values['knowledge-cold-child'], variant, tenantId, question);
  process.exit(0);
} else if (values.only === 'knowledge') {
  await knowledgeOnly();
} else if (values.only === 'voice') {
  // One log line per answer would be timed with it.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { measureVoice } = await import('../tools/bench/voice.js');
  const { loadavg } = await import('node:os');
  const loadAtStart = loadavg()[0]!;
  const voice = await measureVoice({ prompts: Number(values['voice-prompts']) });
  const loadAverage = { start: loadAtStart, end: loadavg()[0]! };
  console.log(JSON.stringify({ voice, run: { loadAverage } }, null, 2));
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ voice, run: { loadAverage } }, null, 2)}\n`);
  process.exit(0);
} else if (values['bomb-child']) {
  const { bombChild } = await import('../tools/bench/bombs.js');
  await bombChild(values['bomb-child'], positionals[0] ?? '');
  process.exit(0);
} else if (values.bombs) {
  const { measureBombs, printBombs } = await import('../tools/bench/bombs.js');
  const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-bombs-'));
  const figures = await measureBombs(fileURLToPath(import.meta.url), workDir);
  rmSync(workDir, { recursive: true, force: true });
  printBombs(figures);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ bombs: figures }, null, 2)}\n`);
  process.exit(0);
} else if (values.people) {
  // The local stack's admin API would print a metrics line per request.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { measurePeople, printPeople } = await import('../tools/bench/people.js');
  const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-people-'));
  const figures = await measurePeople(fileURLToPath(new URL('..', import.meta.url)), workDir, {
    baseRoot: values.base,
    requests: Number(values.requests === '1000' ? 300 : values.requests),
    initRuns: Number(values['init-runs']),
  });
  rmSync(workDir, { recursive: true, force: true });
  printPeople(figures);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ people: figures }, null, 2)}\n`);
  process.exit(0);
} else {
  await main();
}

async function main(): Promise<void> {
  const { runBench } = await import('../tools/bench/run.js');
  const { printReport } = await import('../tools/bench/report.js');

  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  try {
    const report = await runBench({
      repoRoot,
      benchEntry: fileURLToPath(import.meta.url),
      workDir,
      corpus: values.corpus,
      initRuns: Number(values['init-runs']),
      requests: Number(values.requests),
      messages: Number(values.messages),
      passes: Number(values.passes),
      knowledgeRounds: Number(values['knowledge-rounds']),
      knowledgeColdRuns: Number(values['knowledge-cold-runs']),
      voicePrompts: Number(values['voice-prompts']),
    });
    printReport(report);
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${values.json}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  // The SDK's keep-alive sockets would hold the process open.
  process.exit(0);
}

async function knowledgeOnly(): Promise<void> {
  const { measureKnowledge } = await import('../tools/bench/knowledge.js');
  const { printKnowledge } = await import('../tools/bench/report.js');
  const { loadavg } = await import('node:os');
  const loadAtStart = loadavg()[0]!;
  const knowledge = await measureKnowledge({
    benchEntry: fileURLToPath(import.meta.url),
    rounds: Number(values['knowledge-rounds']),
    coldRuns: Number(values['knowledge-cold-runs']),
  });
  console.log(printKnowledge(knowledge));
  const loadAverage = { start: loadAtStart, end: loadavg()[0]! };
  console.log(`load average ${loadAverage.start.toFixed(2)} -> ${loadAverage.end.toFixed(2)}`);
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ knowledge, run: { loadAverage } }, null, 2)}\n`);
  process.exit(0);
}
