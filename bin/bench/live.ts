import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import type { OutboundMessage } from '../../functions/channels/message.js';
import { loadConfig } from '../../functions/platform/config.js';
import { createRuntime, type Runtime } from '../../functions/platform/runtime.js';
import { createSecretStore, type SecretStore } from '../../functions/platform/secrets.js';
import type { MessageQueue, QueueMessage } from '../../functions/queue/answer-queue.js';
import { createTable } from '../../functions/store/client.js';
import { findTenantByCode, putChannelRoute } from '../../functions/store/tenants.js';
import { createTwilioWebhookHandler } from '../../functions/twilio-webhook/app.js';
import { LOCAL_AWS_CREDENTIALS } from '../local/dynamo.js';
import { localLambdaContext } from '../local/lambda-context.js';
import { createInstantLlm, type LlmUsage, measureAnswerOverhead, type SqsHandler } from './answer.js';
import { startDynaliteProcess } from './dynalite-child.js';
import { type DynamoUsage, meterDynamo, totalCalls } from './dynamo-meter.js';
import { sqsRecord } from './events.js';
import { startFakeSsm } from './fake-ssm.js';
import type { DesignChoice } from './run.js';
import { choice } from './run.js';
import { round } from './stats.js';
import { meterStdout } from './stdout-meter.js';
import {
  compareP50,
  type HttpHandler,
  type LatencyFigures,
  measureHandler,
  twilioMessageEvent,
  twilioStatusEvent,
} from './webhook.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TWILIO_AUTH_TOKEN = 'bench-twilio-auth-token';
const META_APP_SECRET = 'bench-meta-app-secret';
const SHARED_NUMBER = 'whatsapp:+14155238886';
const OWNER = 'whatsapp:+15550100001';
const BUSINESS_NUMBER = 'whatsapp:+15550109999';
const META_PHONE_NUMBER_ID = '106540352242922';

const FACTS = [
  'We are open Monday to Saturday from 11am to 10pm, and closed on Sundays.',
  'A large margherita pizza costs $14 and a medium one $11.',
  'We deliver within 5 km for a $3 fee; orders over $30 are delivered free.',
  'Gluten-free bases are available for every pizza for $2 extra.',
  'You can book a table for up to 12 people by phone or on our website.',
  'We are at 12 Harbour Street, next to the ferry terminal; parking is free after 6pm.',
  'Our vegan menu has four pizzas and a cashew cheese option.',
  'Gift cards are sold in the restaurant in amounts from $20 to $200.',
  'Children under 6 eat free on Tuesdays with a paying adult.',
  'We accept cash, all major cards, Apple Pay and Google Pay.',
  'Private events for up to 40 guests can be arranged with two weeks notice.',
  'Our dough is made fresh every morning and rests for 48 hours.',
];
const QUESTIONS = [
  'What time do you open on Saturday?',
  'How much is a large margherita?',
  'Do you deliver and what does it cost?',
  'Do you have gluten free pizza?',
  'Can I book a table for 10 people?',
  'Where are you and is there parking?',
  'Do you have vegan options?',
  'Can I pay with Apple Pay?',
];

export interface LiveFigures {
  webhooks: Record<
    string,
    Omit<LatencyFigures, 'meanMs' | 'requests'> & { meanMs: number; requests: number }
  >;
  status: LatencyFigures;
  answer: { p50Ms: number; p95Ms: number; meanMs: number; messages: number };
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
  });
  const dynalite = await startDynaliteProcess(options.benchEntry, config.tableName, config.region);
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
  try {
    const twilioHandler = createTwilioWebhookHandler(runtime) as HttpHandler;
    const worker = createAnswerWorkerHandler(runtime) as SqsHandler;
    const tenantId = await setUpTenant(runtime, twilioHandler, worker, collected, box.sent);
    const meter = meterDynamo(runtime.table.client);
    const publicBaseUrl = runtime.config.publicBaseUrl!;
    const customer = (i: number) => `whatsapp:+1555020${String(i % 10_000).padStart(4, '0')}`;
    const inbound = (i: number) =>
      twilioMessageEvent(publicBaseUrl, TWILIO_AUTH_TOKEN, {
        from: customer(i),
        to: BUSINESS_NUMBER,
        body: QUESTIONS[i % QUESTIONS.length]!,
      });

    // Warm up: JIT, connection pool, the first-request work of each module.
    await measureHandler(twilioHandler, 'twilio-webhook', range(100).map(inbound), [], 1);
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
    const webhooks: LiveFigures['webhooks'] = { twilio: { ...twilio, rps: throughput.rps } };

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

    // The answer worker, fed the messages the webhook queued: customers of a routed business
    // number asking questions its knowledge answers.
    const answerMessages = collected
      .filter((m) => {
        const body = JSON.parse(m.body) as { tenantId?: string; provider?: string };
        return body.tenantId === tenantId && body.provider === 'twilio';
      })
      .slice(-(options.messages + 20));
    await measureAnswerOverhead(worker, answerMessages.slice(0, 20));
    meter.reset();
    llm.reset();
    stdout.take();
    const measuredMessages = answerMessages.slice(20);
    const sentBefore = box.sent.length;
    const answer = await measureAnswerOverhead(worker, measuredMessages);
    const answerUsage = perUnit(meter.read(), measuredMessages.length);
    const answerLogBytes = stdout.take() / measuredMessages.length;
    const replies = (box.sent.length - sentBefore) / measuredMessages.length;
    if (replies === 0) throw new Error('the answer worker sent no replies');
    const usage = llm.usage();
    const perAnswer = (n: number) => round(n / measuredMessages.length, 1);

    return {
      webhooks,
      status,
      answer,
      perMessage: {
        webhook: webhookUsage,
        status: statusUsage,
        answer: answerUsage,
        dynamoCalls: { webhook: webhookUsage.calls, status: statusUsage.calls, answer: answerUsage.calls },
        // One SQS SendMessage besides the DynamoDB calls.
        webhookAwsCalls: totalCalls(webhookUsage) + 1,
        statusAwsCalls: totalCalls(statusUsage),
        answerAwsCalls: totalCalls(answerUsage),
        webhookLogBytes: round(webhookLogBytes, 0),
        statusLogBytes: round(statusLogBytes, 0),
        answerLogBytes: round(answerLogBytes, 0),
        repliesPerMessage: round(replies, 2),
        llm: {
          calls: perAnswer(usage.calls),
          inputTokens: perAnswer(usage.inputTokens),
          outputTokens: perAnswer(usage.outputTokens),
          embeddingTokens: perAnswer(usage.embeddingTokens),
        },
      },
      designChoices,
    };
  } finally {
    stdout.unmute();
    runtime.table.client.destroy();
    dynalite.stop();
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

/** The Meta webhook the same way, when the tree has one (it is loaded by path, so optional). */
const measureMeta = async (runtime: Runtime, requests: number) => {
  const appFile = `${REPO_ROOT}functions/meta-webhook/app.ts`;
  const clientFile = `${REPO_ROOT}bin/local/meta-client.ts`;
  const signatureFile = `${REPO_ROOT}functions/channels/meta/signature.ts`;
  if (![appFile, clientFile, signatureFile].every(existsSync)) return undefined;
  const { createMetaWebhookHandler } = await import(pathToFileURL(appFile).href);
  const { whatsAppText } = await import(pathToFileURL(clientFile).href);
  const { signMetaPayload } = await import(pathToFileURL(signatureFile).href);
  const { httpEvent } = await import('./events.js');
  const handler = createMetaWebhookHandler(runtime) as HttpHandler;
  const event = (i: number) => {
    const body = JSON.stringify(
      whatsAppText(
        META_PHONE_NUMBER_ID,
        `1555030${String(i).padStart(4, '0')}`,
        QUESTIONS[i % QUESTIONS.length],
      ),
    );
    return httpEvent({
      method: 'POST',
      path: '/webhooks/meta',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signMetaPayload(META_APP_SECRET, body),
      },
      body,
    });
  };
  await measureHandler(handler, 'meta-webhook', range(100).map(event), [], 1);
  const latency = await measureHandler(handler, 'meta-webhook', range(requests).map(event), [], 1);
  const throughput = await measureHandler(handler, 'meta-webhook', [], range(requests * 2).map(event), 16);
  return { ...latency, rps: throughput.rps };
};

/**
 * Server-side choices measured on the Twilio webhook itself: the auth token read through the
 * cached provider vs an SSM call per request (against a loopback fake SSM), and clients built
 * once per process vs per request.
 */
const measureServerChoices = async (
  runtime: Runtime,
  handler: HttpHandler,
  inbound: (i: number) => ReturnType<typeof twilioMessageEvent>,
): Promise<DesignChoice[]> => {
  const runs = 300;
  let n = 1_000_000;
  const next = () => inbound(n++);
  const ssm = await startFakeSsm({ '/frontdesk/bench/TWILIO_AUTH_TOKEN': TWILIO_AUTH_TOKEN });
  try {
    const provider = new SSMProvider({
      clientConfig: {
        endpoint: ssm.endpoint,
        region: runtime.config.region,
        credentials: LOCAL_AWS_CREDENTIALS,
      },
    });
    const ssmConfig = { ...runtime.config, secrets: {}, secretsPath: '/frontdesk/bench/' };
    const cached = createSecretStore(ssmConfig, provider);
    const perRequest: SecretStore = {
      get: async (name) => provider.get(`/frontdesk/bench/${name}`, { decrypt: true, forceFetch: true }),
    };
    const withSecrets = (secrets: SecretStore) =>
      createTwilioWebhookHandler({
        ...runtime,
        secrets,
        answerQueue: { send: async () => {} },
      }) as HttpHandler;
    const cachedHandler = withSecrets(cached);
    const perRequestHandler = withSecrets(perRequest);
    await compareP50(
      () => perRequestHandler,
      () => cachedHandler,
      next,
      20,
      'twilio-webhook',
    );
    const secrets = await compareP50(
      () => perRequestHandler,
      () => cachedHandler,
      next,
      runs,
      'twilio-webhook',
    );

    const endpoint = await runtime.table.client.config.endpoint?.();
    const dynamoUrl = endpoint ? `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}` : undefined;
    // As a naive handler would: the table client (and its connection) made inside the handler.
    const perCallHandler = () =>
      createTwilioWebhookHandler({
        ...runtime,
        table: createTable(runtime.table.name, {
          region: runtime.config.region,
          endpoint: dynamoUrl,
          credentials: LOCAL_AWS_CREDENTIALS,
        }),
        answerQueue: { send: async () => {} },
      }) as HttpHandler;
    const clients = await compareP50(perCallHandler, () => handler, next, runs, 'twilio-webhook');
    return [
      choice(
        'Twilio auth token: cached secrets provider (5 min) vs an SSM GetParameter per request (loopback fake SSM; real SSM adds a network round trip)',
        'webhook p50 ms',
        'SSM call per request',
        secrets.naiveMs,
        'cached provider',
        secrets.chosenMs,
      ),
      choice(
        'SDK clients: built once per process (module scope) vs per request',
        'webhook p50 ms',
        'new DynamoDB client per request',
        clients.naiveMs,
        'module-scope client',
        clients.chosenMs,
      ),
    ];
  } finally {
    await ssm.close();
  }
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
