import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import { createRuntime, type Runtime } from '../../functions/composition/runtime.js';
import type { OutboundMessage } from '../../functions/contracts/messages.js';
import { loadConfig } from '../../functions/platform/config.js';
import type { MessageQueue, QueueMessage } from '../../functions/queue/answer-queue.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { findTenantByCode } from '../../functions/store/tenants.js';
import { createTwilioWebhookHandler } from '../../functions/twilio-webhook/app.js';
import { LOCAL_AWS_CREDENTIALS } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import { createInstantLlm, type LlmUsage, measureAnswerOverhead, type SqsHandler } from './answer.js';
import { choice, type DesignChoice } from './design-choice.js';
import { startDynaliteProcess } from './dynalite-child.js';
import { type DynamoUsage, meterDynamo, totalCalls } from './dynamo-meter.js';
import { sqsRecord } from './events.js';
import {
  BUSINESS_NUMBER,
  FACTS,
  META_APP_SECRET,
  META_PHONE_NUMBER_ID,
  OWNER,
  QUESTIONS,
  range,
  SHARED_NUMBER,
  TWILIO_AUTH_TOKEN,
} from './fixtures.js';
import { measureMeta } from './meta-webhook.js';
import { measureServerChoices } from './server-choices.js';
import { elapsedMs, median, quantile, round } from './stats.js';
import { meterStdout } from './stdout-meter.js';
import {
  type HttpHandler,
  type LatencyFigures,
  measureHandler,
  twilioMessageEvent,
  twilioStatusEvent,
  WEBHOOK_WARM_UP,
} from './webhook.js';

export interface LiveFigures {
  webhooks: Record<
    string,
    Omit<LatencyFigures, 'meanMs' | 'requests'> & {
      meanMs: number;
      requests: number;
      /** CPU per request over the first 100 requests of the process, before the warm-up. */
      freshCpuMsPerRequest?: number;
    }
  >;
  status: LatencyFigures;
  answer: {
    p50Ms: number;
    p95Ms: number;
    meanMs: number;
    messages: number;
    /** Each pass's p50 and p95; the figures above are the median pass. */
    passes?: Array<{ p50Ms: number; p95Ms: number }>;
  };
  perMessage: {
    webhook: DynamoUsage;
    status: DynamoUsage;
    answer: DynamoUsage;
    dynamoCalls: Record<string, DynamoUsage['calls']>;
    webhookAwsCalls: number;
    statusAwsCalls: number;
    answerAwsCalls: number;
    webhookLogBytes: number;
    statusLogBytes: number;
    answerLogBytes: number;
    repliesPerMessage: number;
    llm: LlmUsage;
  };
  designChoices: DesignChoice[];
}

const perUnit = (usage: DynamoUsage, count: number): DynamoUsage => ({
  calls: Object.fromEntries(Object.entries(usage.calls).map(([k, v]) => [k, round(v / count, 2)])),
  readUnits: round(usage.readUnits / count, 3),
  writeUnits: round(usage.writeUnits / count, 3),
  itemsRead: round(usage.itemsRead / count, 2),
  byItem: Object.fromEntries(Object.entries(usage.byItem).map(([k, v]) => [k, round(v / count, 2)])),
});

/** Replies land here instead of Twilio or Meta. */
const createSentBox = () => {
  const sent: OutboundMessage[] = [];
  return {
    sent,
    sender: {
      send: async (message: OutboundMessage) => {
        sent.push(message);
        return { providerMessageIds: [`SM${sent.length}`] };
      },
    },
  };
};

/** The bench's stack: the real handlers with the runtime a Lambda builds, against dynalite in its own process. */
const startLiveStack = async (benchEntry: string) => {
  const llm = createInstantLlm();
  const config = loadConfig({
    ...process.env,
    STAGE: 'bench',
    TABLE_NAME: 'frontdesk-bench',
    PUBLIC_BASE_URL: 'https://bench.example.com',
    SECRETS_PATH: undefined,
    TWILIO_AUTH_TOKEN,
    META_APP_SECRET,
    META_VERIFY_TOKEN: 'bench-meta-verify-token',
    // `!register` works only on the stage's shared numbers (issue 12).
    SHARED_NUMBERS: SHARED_NUMBER.replace(/^whatsapp:/, ''),
  });
  const dynalite = await startDynaliteProcess(benchEntry, config.tableName, config.region);
  const stdout = meterStdout();
  stdout.mute();
  const box = createSentBox();
  const collected: QueueMessage[] = [];
  const collectingQueue: MessageQueue = {
    send: async (message) => {
      collected.push(message);
    },
  };
  const runtime = createRuntime(config, {
    dynamo: { endpoint: dynalite.endpoint, credentials: LOCAL_AWS_CREDENTIALS },
    answerQueue: collectingQueue,
    senders: { twilio: box.sender, meta: box.sender },
    answerer: llm.answerer,
  });
  const stop = () => {
    stdout.unmute();
    runtime.table.client.destroy();
    dynalite.stop();
  };
  try {
    const twilioHandler = createTwilioWebhookHandler(runtime) as HttpHandler;
    const worker = createAnswerWorkerHandler(runtime) as SqsHandler;
    const tenantId = await setUpTenant(runtime, twilioHandler, worker, collected, box.sent);
    const meter = meterDynamo(runtime.table.client);
    const publicBaseUrl = runtime.config.publicBaseUrl!;
    const customer = (i: number) => `whatsapp:+155502${String(i % 100_000).padStart(5, '0')}`;
    const inbound = (i: number) =>
      twilioMessageEvent(publicBaseUrl, TWILIO_AUTH_TOKEN, {
        from: customer(i),
        to: BUSINESS_NUMBER,
        body: QUESTIONS[i % QUESTIONS.length]!,
      });
    return {
      llm,
      stdout,
      box,
      collected,
      runtime,
      twilioHandler,
      worker,
      tenantId,
      meter,
      publicBaseUrl,
      customer,
      inbound,
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
};

type LiveStack = Awaited<ReturnType<typeof startLiveStack>>;

export interface AnswerFigures {
  answer: LiveFigures['answer'];
  usage: DynamoUsage;
  logBytes: number;
  replies: number;
  llm: LlmUsage;
}

/**
 * The answer worker, fed the messages the webhook queued: customers of a routed business number
 * asking questions its knowledge answers (the worker resolves the number's business). Each call
 * takes the newest messages not used yet; the first `ANSWER_WARM_UP` warm the worker up, the rest are timed
 * and metered.
 */
const measureAnswers = async (
  stack: LiveStack,
  messages: number,
  worker: SqsHandler = stack.worker,
): Promise<AnswerFigures> => {
  const { meter, llm, stdout, box } = stack;
  const answerMessages = takeAnswerMessages(stack, messages + ANSWER_WARM_UP);
  await measureAnswerOverhead(worker, answerMessages.slice(0, ANSWER_WARM_UP));
  meter.reset();
  llm.reset();
  stdout.take();
  const measuredMessages = answerMessages.slice(ANSWER_WARM_UP);
  const sentBefore = box.sent.length;
  const answer = await measureAnswerPasses(worker, measuredMessages);
  const usage = perUnit(meter.read(), measuredMessages.length);
  const logBytes = stdout.take() / measuredMessages.length;
  const replies = (box.sent.length - sentBefore) / measuredMessages.length;
  if (replies === 0) throw new Error('the answer worker sent no replies');
  const spent = llm.usage();
  const perAnswer = (n: number) => round(n / measuredMessages.length, 1);
  return {
    answer,
    usage,
    logBytes,
    replies,
    llm: {
      calls: perAnswer(spent.calls),
      inputTokens: perAnswer(spent.inputTokens),
      outputTokens: perAnswer(spent.outputTokens),
      embeddingTokens: perAnswer(spent.embeddingTokens),
    },
  };
};

/**
 * The answer overhead in `ANSWER_PASSES` passes over equal shares of the messages, reported as the
 * median pass (p50 and p95 each): one pass that meets a noisy neighbour on the host (this
 * machine's tails move by 10 ms between back-to-back runs of the same code) does not make the
 * figure, and every pass is kept in the JSON.
 */
const ANSWER_PASSES = 3;
/** Messages the worker answers before it is timed: a warm container's JIT, as for the webhooks. */
const ANSWER_WARM_UP = 100;
const measureAnswerPasses = async (
  worker: SqsHandler,
  messages: QueueMessage[],
): Promise<LiveFigures['answer']> => {
  const share = Math.floor(messages.length / ANSWER_PASSES);
  const passes = [];
  for (let pass = 0; pass < ANSWER_PASSES; pass++) {
    passes.push(await measureAnswerOverhead(worker, messages.slice(pass * share, (pass + 1) * share)));
  }
  return {
    p50Ms: median(passes.map((p) => p.p50Ms)),
    p95Ms: median(passes.map((p) => p.p95Ms)),
    meanMs: round(passes.reduce((sum, p) => sum + p.meanMs, 0) / passes.length),
    messages: share * ANSWER_PASSES,
    passes: passes.map(({ p50Ms, p95Ms }) => ({ p50Ms, p95Ms })),
  };
};

/** The newest `count` queued customer messages to the business number, taken off the collection. */
const takeAnswerMessages = (stack: LiveStack, count: number): QueueMessage[] => {
  const taken: QueueMessage[] = [];
  for (let i = stack.collected.length - 1; i >= 0 && taken.length < count; i--) {
    const body = JSON.parse(stack.collected[i]!.body) as { to?: string; provider?: string };
    if (body.to !== BUSINESS_NUMBER || body.provider !== 'twilio') continue;
    taken.unshift(...stack.collected.splice(i, 1));
  }
  if (taken.length < count) throw new Error(`the bench queued ${taken.length} messages, not ${count}`);
  return taken;
};

/**
 * The answered message's design choices, naive against chosen on the same stack: a warm worker
 * that reads every message's route against one that remembers it and confirms it in the
 * answer's batch (`conversation/route-hints.ts`). The two take turns, ten messages each, so that
 * the machine's drift over the run falls on both alike; each is warmed up first.
 */
const answerChoices = async (stack: LiveStack, messages: number): Promise<DesignChoice[]> => {
  const variants = [
    {
      worker: createAnswerWorkerHandler(stack.runtime, { rememberRoutes: false }) as SqsHandler,
      samples: [] as number[],
      calls: 0,
    },
    { worker: createAnswerWorkerHandler(stack.runtime) as SqsHandler, samples: [] as number[], calls: 0 },
  ];
  for (const variant of variants) await measureAnswerOverhead(variant.worker, takeAnswerMessages(stack, 20));
  const queues = variants.map(() => takeAnswerMessages(stack, messages));
  for (let start = 0; start < messages; start += 10) {
    for (const [i, variant] of variants.entries()) {
      for (const message of queues[i]!.slice(start, start + 10)) {
        stack.meter.reset();
        const began = performance.now();
        const response = (await variant.worker(
          { Records: [sqsRecord(message, ++choiceSequence)] },
          localLambdaContext('answer-worker'),
        )) as { batchItemFailures?: unknown[] } | undefined;
        variant.samples.push(elapsedMs(began));
        variant.calls += totalCalls(stack.meter.read());
        if (response?.batchItemFailures?.length) throw new Error('the answer worker failed a bench message');
      }
    }
  }
  const [naive, chosen] = variants.map((v) => ({
    calls: round(v.calls / v.samples.length, 2),
    p50: round(quantile(v.samples, 0.5)),
    p95: round(quantile(v.samples, 0.95)),
  }));
  const name =
    "An answered message: the receiving address's route read per message vs remembered per warm worker and confirmed in the answer's batch (interleaved)";
  return [
    choice(name, 'table calls per message', 'read per message', naive!.calls, 'remembered', chosen!.calls),
    choice(name, 'answer overhead p50 ms', 'read per message', naive!.p50, 'remembered', chosen!.p50),
    choice(name, 'answer overhead p95 ms', 'read per message', naive!.p95, 'remembered', chosen!.p95),
  ];
};

let choiceSequence = 1_000_000;

/**
 * `npm run bench -- --only answer`: the answered message alone (its table calls item by item and
 * its overhead), a minute instead of the whole bench. The webhook queues the messages, untimed.
 */
export const measureAnswerOnly = async (options: {
  benchEntry: string;
  messages: number;
}): Promise<AnswerFigures & { designChoices: DesignChoice[] }> => {
  const stack = await startLiveStack(options.benchEntry);
  try {
    await measureHandler(
      stack.twilioHandler,
      'twilio-webhook',
      range(3 * options.messages + ANSWER_WARM_UP + 100).map(stack.inbound),
      [],
      1,
    );
    const figures = await measureAnswers(stack, options.messages);
    return { ...figures, designChoices: await answerChoices(stack, options.messages) };
  } finally {
    stack.stop();
  }
};

/**
 * The in-process figures: the real webhook and answer-worker handlers with the runtime a Lambda
 * builds, against dynalite in its own process (as DynamoDB is remote in AWS), an answer queue
 * that collects what the webhook sends, and senders that keep replies. DynamoDB calls and request
 * units are metered on the table's client; log bytes on stdout.
 */
export const measureLive = async (options: {
  benchEntry: string;
  requests: number;
  messages: number;
}): Promise<LiveFigures> => {
  const stack = await startLiveStack(options.benchEntry);
  const { runtime, twilioHandler, meter, stdout, inbound, publicBaseUrl, customer, tenantId } = stack;
  try {
    // The first requests of a fresh process (the JIT has compiled nothing yet), then the warm-up
    // the Meta webhook gets too: JIT, connection pool, the first-request work of each module.
    const fresh = await measureHandler(twilioHandler, 'twilio-webhook', range(100).map(inbound), [], 1);
    await measureHandler(
      twilioHandler,
      'twilio-webhook',
      range(WEBHOOK_WARM_UP - 100).map((i) => inbound(100 + i)),
      [],
      1,
    );
    stdout.take();
    meter.reset();
    const twilio = await measureHandler(
      twilioHandler,
      'twilio-webhook',
      range(options.requests).map(inbound),
      [],
      1,
    );
    const webhookUsage = perUnit(meter.read(), options.requests);
    const webhookLogBytes = stdout.take() / options.requests;
    const throughput = await measureHandler(
      twilioHandler,
      'twilio-webhook',
      [],
      range(options.requests * 2).map(inbound),
      16,
    );
    const webhooks: LiveFigures['webhooks'] = {
      twilio: { ...twilio, rps: throughput.rps, freshCpuMsPerRequest: fresh.cpuMsPerRequest },
    };

    const meta = await measureMeta(runtime, options.requests);
    if (meta) webhooks.meta = meta;

    meter.reset();
    stdout.take();
    const statusEvents = range(Math.min(300, options.requests)).map((i) =>
      twilioStatusEvent(publicBaseUrl, TWILIO_AUTH_TOKEN, {
        tenantId,
        from: BUSINESS_NUMBER,
        to: customer(i),
        status: i % 2 ? 'delivered' : 'sent',
      }),
    );
    const status = await measureHandler(twilioHandler, 'twilio-webhook', statusEvents, [], 1);
    const statusUsage = perUnit(meter.read(), statusEvents.length);
    const statusLogBytes = stdout.take() / statusEvents.length;

    const designChoices = await measureServerChoices(runtime, twilioHandler, inbound);

    const answers = await measureAnswers(stack, options.messages);
    designChoices.push(...(await answerChoices(stack, options.messages)));

    return {
      webhooks,
      status,
      answer: answers.answer,
      perMessage: {
        webhook: webhookUsage,
        status: statusUsage,
        answer: answers.usage,
        dynamoCalls: { webhook: webhookUsage.calls, status: statusUsage.calls, answer: answers.usage.calls },
        // One SQS SendMessage besides the DynamoDB calls.
        webhookAwsCalls: totalCalls(webhookUsage) + 1,
        statusAwsCalls: totalCalls(statusUsage),
        answerAwsCalls: totalCalls(answers.usage),
        webhookLogBytes: round(webhookLogBytes, 0),
        statusLogBytes: round(statusLogBytes, 0),
        answerLogBytes: round(answers.logBytes, 0),
        repliesPerMessage: round(answers.replies, 2),
        llm: answers.llm,
      },
      designChoices,
    };
  } finally {
    stack.stop();
  }
};

/**
 * A business registered and taught by chat (the owner's commands through the real webhook and
 * worker), with its own WhatsApp number and a Meta phone number id routed to it.
 */
const setUpTenant = async (
  runtime: Runtime,
  webhook: HttpHandler,
  worker: SqsHandler,
  queued: QueueMessage[],
  sent: OutboundMessage[],
): Promise<string> => {
  let sequence = 0;
  const ask = async (body: string): Promise<string> => {
    const event = twilioMessageEvent(runtime.config.publicBaseUrl!, TWILIO_AUTH_TOKEN, {
      from: OWNER,
      to: SHARED_NUMBER,
      body,
    });
    const result = await webhook(event, localLambdaContext('twilio-webhook'));
    const message = queued.pop();
    if (result.statusCode !== 200 || !message)
      throw new Error(`bench setup: webhook answered ${result.statusCode}`);
    await worker({ Records: [sqsRecord(message, ++sequence)] }, localLambdaContext('answer-worker'));
    return sent.at(-1)?.text ?? '';
  };
  const registered = await ask('!register Bench Bistro');
  const code = /[a-z0-9]{1,8}_\d{4}/.exec(registered)?.[0];
  const tenant = code ? await findTenantByCode(runtime.table, code) : undefined;
  if (!tenant) throw new Error(`could not register the bench tenant: ${registered}`);
  for (const fact of FACTS) await ask(`!add ${fact}`);
  await putChannelRoute(runtime.table, {
    channel: 'twilio',
    address: BUSINESS_NUMBER.replace(/^whatsapp:/, ''),
    tenantId: tenant.tenantId,
  });
  await putChannelRoute(runtime.table, {
    channel: 'whatsapp',
    address: META_PHONE_NUMBER_ID,
    tenantId: tenant.tenantId,
  });
  return tenant.tenantId;
};
