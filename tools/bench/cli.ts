import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run bench` with its arguments: the whole bench, one part of it (`--only`, `--bombs`,
 * `--people`), or one of the child processes the bench starts through `benchEntry` (the script
 * that called this), so each child measures a fresh process.
 */
export const runBenchCli = async (args: string[], benchEntry: string): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dynalite-child': { type: 'string' },
      json: { type: 'string' },
      corpus: { type: 'string' },
      'init-runs': { type: 'string', default: '9' },
      requests: { type: 'string', default: '1000' },
      messages: { type: 'string', default: '600' },
      passes: { type: 'string', default: '3' },
      'ingest-child': { type: 'string' },
      'knowledge-rounds': { type: 'string', default: '9' },
      'knowledge-cold-runs': { type: 'string', default: '3' },
      'voice-prompts': { type: 'string', default: '100' },
      'knowledge-cold-child': { type: 'string' },
      /**
       * `knowledge`: only the knowledge-index figures (a minute instead of four); `voice`: only the
       * call figures; `answer`: only the answered message (its table calls item by item, its overhead).
       */
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
  process.env.POWERTOOLS_SERVICE_NAME ??= 'frontdesk-bench';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  if (values['dynalite-child']) {
    const { dynaliteChild } = await import('./dynalite-child.js');
    await dynaliteChild(values['dynalite-child'], positionals[0] ?? 'us-east-1');
  } else if (values['ingest-child']) {
    const { ingestChild } = await import('./ingest.js');
    await ingestChild(values['ingest-child'], Number(values.passes));
    process.exit(0);
  } else if (values['knowledge-cold-child']) {
    const { knowledgeColdChild } = await import('./knowledge.js');
    const [variant = 'in-place', tenantId = '', question = ''] = positionals;
    await knowledgeColdChild(values['knowledge-cold-child'], variant, tenantId, question);
    process.exit(0);
  } else if (values.only === 'knowledge') {
    await knowledgeOnly();
  } else if (values.only === 'answer') {
    await answerOnly();
  } else if (values.only === 'voice') {
    // One log line per answer would be timed with it.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { measureVoice } = await import('./voice.js');
    const { loadavg } = await import('node:os');
    const loadAtStart = loadavg()[0]!;
    const voice = await measureVoice({ prompts: Number(values['voice-prompts']) });
    const loadAverage = { start: loadAtStart, end: loadavg()[0]! };
    console.log(JSON.stringify({ voice, run: { loadAverage } }, null, 2));
    if (values.json)
      writeFileSync(values.json, `${JSON.stringify({ voice, run: { loadAverage } }, null, 2)}\n`);
    process.exit(0);
  } else if (values['bomb-child']) {
    const { bombChild } = await import('./bombs.js');
    await bombChild(values['bomb-child'], positionals[0] ?? '');
    process.exit(0);
  } else if (values.bombs) {
    const { measureBombs, printBombs } = await import('./bombs.js');
    const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-bombs-'));
    const figures = await measureBombs(benchEntry, workDir);
    rmSync(workDir, { recursive: true, force: true });
    printBombs(figures);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ bombs: figures }, null, 2)}\n`);
    process.exit(0);
  } else if (values.people) {
    // The local stack's admin API would print a metrics line per request.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { measurePeople, printPeople } = await import('./people.js');
    const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-people-'));
    const figures = await measurePeople(REPO_ROOT, workDir, {
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
    const { runBench } = await import('./run.js');
    const { printReport } = await import('./report.js');

    const repoRoot = REPO_ROOT;
    const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
    try {
      const report = await runBench({
        repoRoot,
        benchEntry: benchEntry,
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

  async function answerOnly(): Promise<void> {
    const { measureAnswerOnly } = await import('./live.js');
    const { printAnswer } = await import('./report.js');
    const { loadavg } = await import('node:os');
    const loadAtStart = loadavg()[0]!;
    const answer = await measureAnswerOnly({ benchEntry, messages: Number(values.messages) });
    const loadAverage = { start: loadAtStart, end: loadavg()[0]! };
    console.log(printAnswer(answer));
    console.log(`load average ${loadAverage.start.toFixed(2)} -> ${loadAverage.end.toFixed(2)}`);
    if (values.json)
      writeFileSync(values.json, `${JSON.stringify({ answer, run: { loadAverage } }, null, 2)}\n`);
    process.exit(0);
  }

  async function knowledgeOnly(): Promise<void> {
    const { measureKnowledge } = await import('./knowledge.js');
    const { printKnowledge } = await import('./report.js');
    const { loadavg } = await import('node:os');
    const loadAtStart = loadavg()[0]!;
    const knowledge = await measureKnowledge({
      benchEntry: benchEntry,
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
};
