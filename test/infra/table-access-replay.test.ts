import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import { withMessagingWindow } from '../../functions/channels/meta/messaging-window.js';
import { signMetaPayload } from '../../functions/channels/meta/signature.js';
import { signTwilioRequest } from '../../functions/channels/twilio/signature.js';
import { withVoiceAnswers } from '../../functions/channels/voice/voice-sender.js';
import { createWebSender } from '../../functions/channels/web/sender.js';
import { createCoreRuntime } from '../../functions/composition/core-runtime.js';
import { createConversationRuntime } from '../../functions/composition/runtime.js';
import type { OutboundMessage } from '../../functions/contracts/messages.js';
import type { FunctionName } from '../../functions/contracts/routes.js';
import { createMetaWebhookHandler } from '../../functions/meta-webhook/app.js';
import { loadConfig } from '../../functions/platform/config.js';
import type { QueueMessage } from '../../functions/queue/answer-queue.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { createTable, type Table } from '../../functions/store/client.js';
import { keys } from '../../functions/store/keys.js';
import { getTenant } from '../../functions/store/tenants.js';
import { putWidgetSettings } from '../../functions/store/widget-settings.js';
import { createTwilioWebhookHandler } from '../../functions/twilio-webhook/app.js';
import { createWebChatHandler } from '../../functions/web-chat/app.js';
import { createWebSocketHandler } from '../../functions/websocket/app.js';
import { profileFor } from '../../lib/function-profiles.js';
import { allowsTableAccess, type TableAccess } from '../../lib/table-access.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import { messagingPayload, metaJson, whatsAppPayload, whatsAppText } from '../../local-stack/meta-client.js';
import { newMessageSid, twilioMessageForm } from '../../local-stack/twilio-client.js';
import { newCallSid, twilioCallForm } from '../../local-stack/twilio-voice-client.js';

/**
 * The IAM policy is written from reading the code; this replays the handlers on dynalite with each
 * function's table client refusing, as IAM would, every request its profile does not allow. A
 * store change that needs a new action or key prefix fails here, not in production.
 */

const TABLE = 'table-access-test';
const BASE_URL = 'https://api.example.com';
const AUTH_TOKEN = 'replay-twilio-token';
const APP_SECRET = 'replay-meta-secret';
const SHARED = 'whatsapp:+14155238886';
const DEDICATED = '+14155550100';
const WHATSAPP_ID = '106540352242922';
const PAGE_ID = '1234567890';

let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
const tables: Table[] = [];
const denied: string[] = [];
const queued: QueueMessage[] = [];
const sent: OutboundMessage[] = [];

const partitionKeysOf = (action: string, input: Record<string, unknown>): string[] => {
  const text = (value: unknown) => String((value as { S?: string })?.S ?? value);
  const item = (input.Key ?? input.Item) as Record<string, unknown> | undefined;
  if (item?.pk) return [text(item.pk)];
  if (action === 'Query') {
    const name = /^(\w+) = (:\w+)/.exec(String(input.KeyConditionExpression))?.[2];
    const values = input.ExpressionAttributeValues as Record<string, unknown>;
    return name ? [text(values[name])] : [];
  }
  if (action === 'BatchGetItem') {
    return Object.values(input.RequestItems as Record<string, { Keys: Array<{ pk: unknown }> }>)
      .flatMap((request) => request.Keys)
      .map((key) => text(key.pk));
  }
  if (action === 'BatchWriteItem') {
    return Object.values(
      input.RequestItems as Record<string, Record<string, { Item?: object; Key?: object }>[]>,
    )
      .flat()
      .map((request) => {
        const { Item, Key } = (request.PutRequest ?? request.DeleteRequest) as {
          Item?: object;
          Key?: object;
        };
        return text(((Item ?? Key) as { pk: unknown }).pk);
      });
  }
  return [];
};

/** A table client that refuses what `access` does not allow, with IAM's error name. */
const guardedTable = (name: FunctionName | 'control', access: TableAccess): Table => {
  const table = createTable(TABLE, {
    region: 'eu-west-1',
    endpoint: dynamo.endpoint,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = String(context.commandName).replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const partitions = partitionKeysOf(action, input);
      const refused = partitions.length === 0 ? ['(no key)'] : partitions;
      const outside =
        partitions.length === 0 ? refused : refused.filter((pk) => !allowsTableAccess(access, action, pk));
      if (outside.length > 0) {
        denied.push(`${name}: ${action} ${outside.join(', ')}`);
        const error = new Error(`${name} may not ${action} ${outside.join(', ')}`);
        error.name = 'AccessDeniedException';
        throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: 'tableAccessGuard' },
  );
  tables.push(table);
  return table;
};

const config = () =>
  loadConfig({
    TABLE_NAME: TABLE,
    AWS_REGION: 'eu-west-1',
    PUBLIC_BASE_URL: BASE_URL,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: 'replay-verify',
    SHARED_NUMBERS: SHARED.replace('whatsapp:', ''),
    // Short, so the worker checks bursts (ARRIVAL#, as the webhooks filed them) without waiting long.
    BURST_WINDOW_MS: '50',
    WIDGET_SESSION_KEY: 'replay-widget-session-key-of-32-characters',
    WIDGET_POLL_WAIT_MS: '0',
  });

const httpEvent = (
  path: string,
  body: string,
  headers: Record<string, string>,
  query = '',
): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: query,
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path }, timeEpoch: Date.now() },
  }) as unknown as APIGatewayProxyEventV2;

const twilioEvent = (path: string, form: Record<string, string>, query = '') =>
  httpEvent(
    path,
    new URLSearchParams(form).toString(),
    {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(
        AUTH_TOKEN,
        `${BASE_URL}${path}${query ? `?${query}` : ''}`,
        form,
      ),
    },
    query,
  );

const metaEvent = (payload: unknown) => {
  const body = metaJson(payload);
  return httpEvent('/webhooks/meta', body, {
    'content-type': 'application/json',
    'x-hub-signature-256': signMetaPayload(APP_SECRET, body),
  });
};

const sqsEvent = (messages: QueueMessage[]): SQSEvent => ({
  Records: messages.map((m, i) => ({
    messageId: `m-${Date.now()}-${i}`,
    receiptHandle: 'r',
    body: m.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SequenceNumber: String(i),
      MessageGroupId: m.groupId,
      SenderId: 'webhook',
      MessageDeduplicationId: m.deduplicationId,
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:answers.fifo',
    awsRegion: 'eu-west-1',
  })),
});

let twilioWebhook: ReturnType<typeof createTwilioWebhookHandler>;
let metaWebhook: ReturnType<typeof createMetaWebhookHandler>;
let answerWorker: ReturnType<typeof createAnswerWorkerHandler>;
let admin: Table;
let workerTable: Table;
let tenantId: string;
const answerQueue = { send: async (m: QueueMessage) => void queued.push(m) };

const fakeSender = {
  async send(message: OutboundMessage) {
    sent.push(message);
    return { providerMessageIds: [`SM${String(sent.length).padStart(32, '0')}`] };
  },
};

beforeAll(async () => {
  dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName: TABLE, region: 'eu-west-1' });
  const webhookRuntime = (name: FunctionName) =>
    createCoreRuntime(config(), { table: guardedTable(name, profileFor(name).tableAccess), answerQueue });
  twilioWebhook = createTwilioWebhookHandler(webhookRuntime('twilio-webhook'));
  metaWebhook = createMetaWebhookHandler(webhookRuntime('meta-webhook'));
  workerTable = guardedTable('answer-worker', profileFor('answer-worker').tableAccess);
  answerWorker = createAnswerWorkerHandler(
    createConversationRuntime(config(), {
      table: workerTable,
      answerQueue,
      senders: {
        twilio: withVoiceAnswers(fakeSender, workerTable),
        meta: withMessagingWindow(fakeSender, { table: workerTable }),
        // A page that has gone: the sender forgets its connection (TENANT#...#WEB#...#CONN#).
        web: createWebSender({ table: workerTable, ttlDays: 1, connections: { post: async () => false } }),
      },
    }),
  );
  // Set-up writes that belong to the admin API, with the admin API's own access.
  admin = guardedTable('admin-api', profileFor('admin-api').tableAccess);
}, 30_000);

afterAll(async () => {
  for (const table of tables) table.client.destroy();
  await dynamo?.close();
});

const ask = async (from: string, body: string, to = SHARED) => {
  const form = twilioMessageForm({ from, to, body });
  const result = await twilioWebhook(
    twilioEvent('/webhooks/twilio/messaging', form),
    localLambdaContext('t'),
  );
  expect(result.statusCode).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 60));
  const batch = queued.splice(0);
  const seen = sent.length;
  await answerWorker(sqsEvent(batch), localLambdaContext('answer-worker'));
  return sent
    .slice(seen)
    .map((m) => m.text)
    .join('\n');
};

describe('each function, replayed within its own table access', () => {
  it('registers, teaches, issues a key and answers through the webhook and the worker', async () => {
    // Act
    const registered = await ask('whatsapp:+15550001111', '!register Bella Pizza');
    const code = /[a-z0-9]{1,8}_\d{4}/.exec(registered)?.[0];
    await ask('whatsapp:+15550001111', "!add We're open Monday to Saturday, 11am to 10pm.");
    const listed = await ask('whatsapp:+15550001111', '!list');
    const key = await ask('whatsapp:+15550001111', '!key');
    const answer = await ask('whatsapp:+15557654321', `!business ${code} When are you open?`);
    await ask('whatsapp:+15557654321', 'And on Sundays?');
    await ask('whatsapp:+15557654321', '!exit');
    await ask('whatsapp:+15550001111', '!delete 1');

    // Assess
    expect(code).toBeDefined();
    expect(listed).toMatch(/11am to 10pm/);
    expect(key).toMatch(/fd_/);
    expect(answer).toMatch(/11am to 10pm/);
    expect(denied).toEqual([]);
    const { Item } = await admin.client.send(
      new GetCommand({ TableName: TABLE, Key: keys.businessCode(code!) }),
    );
    tenantId = String(Item?.tenantId);
    expect(await getTenant(admin, tenantId)).toMatchObject({ name: 'Bella Pizza' });
  });

  it('routes a dedicated number, records a status callback and answers a call', async () => {
    // Prepare
    await putChannelRoute(admin, { channel: 'twilio', address: DEDICATED, tenantId });
    const callSid = newCallSid();
    const call = { callSid, from: '+15557654321', to: DEDICATED };

    // Act
    const routed = await ask('+15557654321', 'When are you open?', DEDICATED);
    const status = await twilioWebhook(
      twilioEvent('/webhooks/twilio/status', {
        MessageSid: newMessageSid(),
        MessageStatus: 'delivered',
        From: DEDICATED,
        To: '+15557654321',
      }),
      localLambdaContext('t'),
    );
    const greeting = await twilioWebhook(
      twilioEvent('/webhooks/twilio/voice', twilioCallForm(call)),
      localLambdaContext('t'),
    );
    const gathered = await twilioWebhook(
      twilioEvent(
        '/webhooks/twilio/voice/gather',
        twilioCallForm({ ...call, speech: 'When are you open?' }),
        'turn=1',
      ),
      localLambdaContext('t'),
    );
    // The answer worker speaks through the call's turn (TENANT#...#CALL#), with its own access.
    await answerWorker(sqsEvent(queued.splice(0)), localLambdaContext('answer-worker'));
    const waited = await twilioWebhook(
      twilioEvent('/webhooks/twilio/voice/wait', twilioCallForm(call), 'turn=1&attempt=1'),
      localLambdaContext('t'),
    );

    // Assess
    expect(routed).toMatch(/Bella Pizza/);
    expect(status.statusCode).toBe(200);
    expect(greeting.body).toMatch(/Bella Pizza/);
    expect(gathered.statusCode).toBe(200);
    expect(waited.body).toMatch(/<Say[^>]*>[^<]*Bella Pizza/);
    expect(denied).toEqual([]);
  });

  it('queues WhatsApp and Messenger messages, records statuses and drops a redelivery', async () => {
    // Prepare
    await putChannelRoute(admin, { channel: 'whatsapp', address: WHATSAPP_ID, tenantId });
    await putChannelRoute(admin, { channel: 'messenger', address: PAGE_ID, tenantId });
    const message = whatsAppText(WHATSAPP_ID, '15557654321', 'When are you open?');
    const status = whatsAppPayload([
      {
        field: 'messages',
        value: {
          metadata: { phone_number_id: WHATSAPP_ID },
          statuses: [
            { id: 'wamid.HBgLMTU1NTc2NTQzMjEVAgARGBI=', status: 'delivered', recipient_id: '15557654321' },
          ],
        },
      },
    ]);

    // Act
    const first = await metaWebhook(metaEvent(message), localLambdaContext('m'));
    const again = await metaWebhook(metaEvent(message), localLambdaContext('m'));
    const messenger = await metaWebhook(
      metaEvent(messagingPayload('page', PAGE_ID, '2489175301122334', { text: 'Open on Sunday?' })),
      localLambdaContext('m'),
    );
    const delivered = await metaWebhook(metaEvent(status), localLambdaContext('m'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const batch = queued.splice(0);
    const seen = sent.length;
    await answerWorker(sqsEvent(batch), localLambdaContext('answer-worker'));

    // Assess
    expect([first, again, messenger, delivered].map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    // The redelivery is queued again under the same deduplication id (SQS drops it within five
    // minutes; this queue keeps it), and the worker's reply claim drops it: one reply each.
    expect(batch).toHaveLength(3);
    expect(new Set(batch.map((m) => m.deduplicationId)).size).toBe(2);
    expect(
      sent
        .slice(seen)
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['messenger', 'whatsapp']);
    expect(denied).toEqual([]);
  });

  it('opens a web chat, answers it, delivers the reply and binds and forgets a visitor socket', async () => {
    // Prepare: the admin API lists the site; each function with its own access.
    const origin = 'https://bellapizza.example';
    await putWidgetSettings(admin, tenantId, {
      allowedOrigins: [origin],
      accentColor: '#123456',
      greeting: '',
      title: '',
    });
    const webChat = createWebChatHandler(
      createCoreRuntime(config(), {
        table: guardedTable('web-chat', profileFor('web-chat').tableAccess),
        answerQueue,
      }),
    );
    const socketTable = guardedTable('websocket', profileFor('websocket').tableAccess);
    const sockets = createWebSocketHandler(
      { ...createConversationRuntime(config(), { table: socketTable, answerQueue }), table: socketTable },
      { forEndpoint: () => ({ post: async () => true }) },
    );
    const widget = (path: string, body: unknown) =>
      webChat(
        {
          ...httpEvent(path, JSON.stringify(body), { 'content-type': 'text/plain', origin }),
          requestContext: { http: { method: 'POST', path, sourceIp: '203.0.113.9' }, timeEpoch: Date.now() },
        } as unknown as APIGatewayProxyEventV2,
        localLambdaContext('w'),
      );
    const socketEvent = (routeKey: string, extra: object) =>
      sockets(
        {
          requestContext: { routeKey, connectionId: 'conn-web-1', domainName: 'x', stage: 'live' },
          ...extra,
        } as never,
        localLambdaContext('s'),
      );

    // Act
    const started = await widget('/widget/sessions', { business: tenantId, page: `${origin}/` });
    const session = JSON.parse(String(started.body)).session;
    const connected = await socketEvent('$connect', {
      headers: { origin },
      queryStringParameters: { kind: 'web', business: tenantId, session },
    });
    const sentMessage = await widget('/widget/messages', {
      business: tenantId,
      session,
      text: 'When are you open?',
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await answerWorker(sqsEvent(queued.splice(0)), localLambdaContext('answer-worker'));
    const polled = await widget('/widget/poll', { business: tenantId, session, wait: false });
    const contact = await widget('/widget/contact', {
      business: tenantId,
      session,
      email: 'ada@example.com',
    });
    const disconnected = await socketEvent('$disconnect', {});

    // Assess
    expect([started, sentMessage, polled, contact].map((r) => r.statusCode)).toEqual([200, 202, 200, 200]);
    expect(connected.statusCode).toBe(200);
    expect(disconnected.statusCode).toBe(200);
    // The fact was deleted above: the reply says so, in the visitor's transcript.
    expect(JSON.parse(String(polled.body)).entries.map((e: { author: string }) => e.author)).toEqual([
      'visitor',
      'assistant',
    ]);
    expect(denied).toEqual([]);
  });

  it('refuses what a profile leaves out, as IAM would (the guard can fail)', async () => {
    // Prepare
    const meta = guardedTable('control', profileFor('meta-webhook').tableAccess);
    const health = guardedTable('control', profileFor('health').tableAccess);

    // Act
    const tenantRead = getTenant(meta, tenantId);
    const routeRead = getTenant(health, tenantId);

    // Assess
    await expect(tenantRead).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(routeRead).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(denied.splice(0)).toEqual([
      `control: GetItem TENANT#${tenantId}`,
      `control: GetItem TENANT#${tenantId}`,
    ]);
  });
});
