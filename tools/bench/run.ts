import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionName } from '../../functions/contracts/routes.js';
import { profileFor } from '../../lib/function-profiles.js';
import { type Built, bundle, type FunctionFigures, functionNames, initMsMedians } from './bundles.js';
import { type CostPer1000, costPer1000, type InvocationProfile, PRICES } from './cost-model.js';
import { choice, type DesignChoice } from './design-choice.js';
import { type IngestFigures, measureIngest } from './ingest.js';
import { type KnowledgeFigures, measureKnowledge } from './knowledge.js';
import { type LiveFigures, measureLive } from './live.js';
import { round } from './stats.js';
import { meterStdout } from './stdout-meter.js';
import { BUNDLE_VARIANTS } from './variants.js';
import { measureVoice, type VoiceFigures } from './voice.js';

export interface BenchOptions {
  repoRoot: string;
  benchEntry: string;
  workDir: string;
  corpus: string | undefined;
  initRuns: number;
  requests: number;
  messages: number;
  passes: number;
  knowledgeRounds: number;
  knowledgeColdRuns: number;
  voicePrompts: number;
}

/**
 * Per-call network time a real AWS call adds over loopback dynalite (same-region DynamoDB and SQS
 * answer in a few milliseconds), and a typical gpt-4o-mini reply time, which the answer worker
 * waits out and Lambda bills. Assumptions, stated with the figures.
 */
export const ASSUMPTIONS = {
  awsCallMs: 5,
  llmLatencyMs: 1500,
  coldStartFraction: 0.01,
  statusCallbacksPerReply: 2,
  sqsRequestsPerMessage: 3,
  answerBatchSize: 1,
  /** A model reply is longer than the fake's one-passage answer: price at least this many output tokens. */
  minOutputTokensPerAnswer: 80,
};

export interface BenchReport {
  functions: FunctionFigures[];
  webhook: { p50Ms: number; p99Ms: number; rps: number; byProvider: LiveFigures['webhooks'] };
  answerOverhead: { p50Ms: number; p95Ms: number; passes?: Array<{ p50Ms: number; p95Ms: number }> };
  ingest: IngestFigures | { skipped: string };
  /** The embedded index's first search after a knowledge change, for a tenant at its quota. */
  knowledge: KnowledgeFigures;
  /** A ConversationRelay prompt to its first and last `text` token, and a 3-minute call's cost. */
  voice: VoiceFigures;
  costPer1000: CostPer1000 & { assumptions: typeof ASSUMPTIONS; perMessage: Record<string, unknown> };
  designChoices: DesignChoice[];
  prices: typeof PRICES;
  run: {
    at: string;
    node: string;
    cpus: number;
    platform: string;
    initRuns: number;
    requests: number;
    /** 1-minute load average when the run started and ended: other work on the machine skews tails. */
    loadAverage: { start: number; end: number };
  };
}

const log = (line: string) => console.error(`[bench] ${line}`);

export const runBench = async (options: BenchOptions): Promise<BenchReport> => {
  const { cpus, loadavg } = await import('node:os');
  const loadAtStart = loadavg()[0]!;
  const designChoices: DesignChoice[] = [];

  const names = functionNames(options.repoRoot);
  const builtFunctions: Built[] = [];
  for (const name of names) {
    log(`bundling ${name}`);
    const outDir = join(options.workDir, name);
    mkdirSync(outDir, { recursive: true });
    builtFunctions.push(await bundle(options.repoRoot, { file: `functions/${name}/index.ts` }, outDir));
  }

  const cleanUp: string[] = [];
  const builtVariants: Built[] = [];
  for (const [v, variant] of BUNDLE_VARIANTS.entries()) {
    log(`variant: ${variant.choice}`);
    for (const [s, side] of [variant.naive, variant.chosen].entries()) {
      // A bundle with external packages must sit where node finds the repository's node_modules.
      const outDir = join(
        side.external ? join(options.repoRoot, 'node_modules', '.cache', 'frontdesk-bench') : options.workDir,
        `variant-${v}-${s}`,
      );
      mkdirSync(outDir, { recursive: true });
      builtVariants.push(
        await bundle(
          options.repoRoot,
          { source: side.source, name: 'variant' },
          outDir,
          side.external,
          side.overrides,
        ),
      );
      if (side.external) cleanUp.push(outDir);
    }
  }

  log(`cold init: ${options.initRuns} rounds over ${builtFunctions.length + builtVariants.length} bundles`);
  const inits = await initMsMedians(
    [
      ...builtFunctions.map((b, i) => ({ file: b.file, name: names[i]! })),
      ...builtVariants.map((b) => ({ file: b.file, name: 'variant' })),
    ],
    options.initRuns,
  );
  const functions: FunctionFigures[] = builtFunctions.map((b, i) => ({
    name: names[i]!,
    bundleBytes: b.bytes,
    initMsMedian: inits[i]!,
    topInputs: b.topInputs,
  }));
  for (const [v, variant] of BUNDLE_VARIANTS.entries()) {
    const [naive, chosen] = [0, 1].map((s) => ({
      bytes: builtVariants[2 * v + s]!.bytes,
      initMs: inits[builtFunctions.length + 2 * v + s]!,
    })) as [{ bytes: number; initMs: number }, { bytes: number; initMs: number }];
    designChoices.push(
      choice(
        variant.choice,
        'bundle bytes',
        variant.naive.label,
        naive.bytes,
        variant.chosen.label,
        chosen.bytes,
      ),
      choice(
        variant.choice,
        'init ms (median)',
        variant.naive.label,
        naive.initMs,
        variant.chosen.label,
        chosen.initMs,
      ),
    );
  }
  for (const dir of cleanUp) rmSync(dir, { recursive: true, force: true });

  log('webhooks and answer worker against dynalite');
  const live = await measureLive({
    benchEntry: options.benchEntry,
    requests: options.requests,
    messages: options.messages,
  });
  designChoices.push(...live.designChoices);

  log(`voice: ${options.voicePrompts} prompt frames through the WebSocket function`);
  // The WebSocket function logs each answer; kept off the terminal (and out of the timings).
  const voiceStdout = meterStdout();
  voiceStdout.mute();
  const voice = await measureVoice({ prompts: options.voicePrompts }).finally(() => voiceStdout.unmute());

  log(`knowledge index: a tenant at its quota, ${options.knowledgeRounds} changes`);
  const knowledge = await measureKnowledge({
    benchEntry: options.benchEntry,
    rounds: options.knowledgeRounds,
    coldRuns: options.knowledgeColdRuns,
  });
  const afterChange = knowledge.firstSearchAfterChange;
  designChoices.push(
    choice(
      `Embedded index after a knowledge change (${knowledge.tenant.chunks} chunks): full reread vs catch-up in place`,
      'first search ms (median)',
      'full reread',
      afterChange.fullReread.medianMs,
      'in place',
      afterChange.inPlace.medianMs,
    ),
    choice(
      `Embedded index after a knowledge change (${knowledge.tenant.chunks} chunks): full reread vs catch-up in place`,
      'DynamoDB read units (median)',
      'full reread',
      afterChange.fullReread.readUnits,
      'in place',
      afterChange.inPlace.readUnits,
    ),
  );

  let ingest: BenchReport['ingest'] = { skipped: 'no --corpus given' };
  if (options.corpus) {
    log(`ingest over ${options.corpus}`);
    ingest = await measureIngest(options.benchEntry, options.corpus, options.passes);
  }

  const webhookList = Object.values(live.webhooks);
  const initOf = (name: string) => functions.find((f) => f.name === name)?.initMsMedian ?? 0;
  const memoryOf = (name: FunctionName) => profileFor(name).memorySize;
  const twilio = live.webhooks.twilio!;
  const webhookInvocation: InvocationProfile = {
    perMessage: 1,
    durationMs: twilio.meanMs + ASSUMPTIONS.awsCallMs * live.perMessage.webhookAwsCalls,
    memoryMb: memoryOf('twilio-webhook'),
    coldFraction: ASSUMPTIONS.coldStartFraction,
    initMs: initOf('twilio-webhook'),
    httpRequests: 1,
    readUnits: live.perMessage.webhook.readUnits,
    writeUnits: live.perMessage.webhook.writeUnits,
    logBytes: live.perMessage.webhookLogBytes,
  };
  const statusInvocation: InvocationProfile = {
    ...webhookInvocation,
    perMessage: ASSUMPTIONS.statusCallbacksPerReply * live.perMessage.repliesPerMessage,
    durationMs: live.status.meanMs + ASSUMPTIONS.awsCallMs * live.perMessage.statusAwsCalls,
    readUnits: live.perMessage.status.readUnits,
    writeUnits: live.perMessage.status.writeUnits,
    logBytes: live.perMessage.statusLogBytes,
  };
  const answerInvocation: InvocationProfile = {
    perMessage: 1 / ASSUMPTIONS.answerBatchSize,
    durationMs:
      live.answer.meanMs + ASSUMPTIONS.llmLatencyMs + ASSUMPTIONS.awsCallMs * live.perMessage.answerAwsCalls,
    memoryMb: memoryOf('answer-worker'),
    coldFraction: ASSUMPTIONS.coldStartFraction,
    initMs: initOf('answer-worker'),
    httpRequests: 0,
    readUnits: live.perMessage.answer.readUnits,
    writeUnits: live.perMessage.answer.writeUnits,
    logBytes: live.perMessage.answerLogBytes,
  };
  const cost = costPer1000({
    invocations: [webhookInvocation, statusInvocation, answerInvocation],
    sqsRequests: ASSUMPTIONS.sqsRequestsPerMessage,
    s3Gets: 0,
    s3Puts: 0,
    llm: {
      ...live.perMessage.llm,
      outputTokens: Math.max(live.perMessage.llm.outputTokens, ASSUMPTIONS.minOutputTokensPerAnswer),
    },
  });

  return {
    functions,
    webhook: {
      p50Ms: Math.max(...webhookList.map((w) => w.p50Ms)),
      p99Ms: Math.max(...webhookList.map((w) => w.p99Ms)),
      rps: Math.min(...webhookList.map((w) => w.rps)),
      byProvider: live.webhooks,
    },
    answerOverhead: { p50Ms: live.answer.p50Ms, p95Ms: live.answer.p95Ms, passes: live.answer.passes },
    ingest,
    knowledge,
    voice,
    costPer1000: {
      infraUsd: round(cost.infraUsd, 5),
      llmUsd: round(cost.llmUsd, 5),
      totalUsd: round(cost.totalUsd, 5),
      breakdown: Object.fromEntries(
        Object.entries(cost.breakdown).map(([k, v]) => [k, round(v, 6)]),
      ) as CostPer1000['breakdown'],
      assumptions: ASSUMPTIONS,
      perMessage: {
        webhook: webhookInvocation,
        statusCallback: statusInvocation,
        answerWorker: answerInvocation,
        llm: live.perMessage.llm,
        dynamoCalls: live.perMessage.dynamoCalls,
        // Which item each call touches (a batch names every item in it).
        byItem: {
          webhook: live.perMessage.webhook.byItem,
          status: live.perMessage.status.byItem,
          answer: live.perMessage.answer.byItem,
        },
      },
    },
    designChoices,
    prices: PRICES,
    run: {
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      platform: `${process.platform}-${process.arch}`,
      initRuns: options.initRuns,
      requests: options.requests,
      loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0]!, 2) },
    },
  };
};
