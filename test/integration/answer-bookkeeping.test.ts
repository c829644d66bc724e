import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import type { InboundMessage } from '../../functions/contracts/messages.js';
import { enqueueInbound, type QueueMessage } from '../../functions/queue/answer-queue.js';
import { deleteChannelRoute, putChannelRoute } from '../../functions/store/channel-routes.js';
import { listInsightDays, recordInsight } from '../../functions/store/insights.js';
import { keys } from '../../functions/store/keys.js';
import { dayOf, monthOf } from '../../functions/store/usage.js';
import { listUsageDays } from '../../functions/store/usage-history.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { participant, startTestStack } from '../support/local-stack.js';

/**
 * An answered message's bookkeeping in its 10 table calls (issue 19): usage and the insight on
 * one day item, the 24-hour window in the answer's batch, the route remembered by a warm worker
 * and confirmed with the answer's reads. Each is checked by what it leaves in the table and the
 * outbox, through the answer worker's own handler (one warm container).
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

let sequence = 0;
const worker = () => {
  const handler = createAnswerWorkerHandler(stack.runtime);
  return async (message: InboundMessage): Promise<void> => {
    const queued: QueueMessage[] = [];
    await enqueueInbound({ send: async (m) => void queued.push(m) }, message);
    const result = (await handler(sqsEvent(queued), localLambdaContext('answer-worker'))) as {
      batchItemFailures: unknown[];
    };
    expect(result.batchItemFailures).toEqual([]);
  };
};

const sqsEvent = (messages: QueueMessage[]): SQSEvent => ({
  Records: messages.map((m) => ({
    messageId: `m-${++sequence}`,
    receiptHandle: 'r',
    body: m.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SequenceNumber: String(sequence),
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

/** A business registered by chat with one fact; its tenant id. */
const business = async (ownerPhone: string, name: string, fact: string): Promise<string> => {
  const owner = participant(stack, ownerPhone);
  const registered = await owner.ask(`!register ${name}`);
  await owner.ask(`!add ${fact}`);
  return stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
};

/** A customer's WhatsApp message as the Twilio webhook queues it (the worker routes it). */
const whatsapp = (
  from: string,
  to: string,
  text: string,
  extra: Partial<InboundMessage> = {},
): InboundMessage => ({
  provider: 'twilio',
  channel: 'whatsapp',
  providerMessageId: `SM${Date.now()}${++sequence}`,
  from: `whatsapp:${from}`,
  to: `whatsapp:${to}`,
  text,
  receivedAt: new Date().toISOString(),
  profileName: 'Ana',
  routeInWorker: true,
  ...extra,
});

const item = async (key: { pk: string; sk: string }) =>
  (await stack.runtime.table.client.send(new GetCommand({ TableName: stack.runtime.table.name, Key: key })))
    .Item;

const repliesTo = (phone: string) => stack.outbox.list().filter((m) => m.to === `whatsapp:${phone}`);

describe("an answered message's bookkeeping", () => {
  it('counts usage and the insight on the day item, records the 24-hour window, and a redelivery changes none of it', async () => {
    // Prepare
    const tenantId = await business('whatsapp:+15550830001', 'Fern Yoga', 'A drop-in yoga class costs $18.');
    await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: '+15557830001', tenantId });
    const deliver = worker();
    const message = whatsapp('+15550830002', '+15557830001', 'How much is a drop-in class?');

    // Act
    await deliver(message);
    await deliver(message);

    // Assess: one reply, and every count once.
    const replies = repliesTo('+15550830002');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('$18');
    const day = await item(keys.usage(tenantId, dayOf()));
    expect(day).toMatchObject({ messages: 1, insightMessages: 1, intent_pricing: 1 });
    expect(await item(keys.usageMonth(tenantId, monthOf()))).toMatchObject({ messages: 1 });
    expect(await item(keys.insightDay(tenantId, dayOf()))).toBeUndefined();
    const window = await item(keys.messagingWindow(tenantId, message.from, 'whatsapp', message.to));
    expect(window).toMatchObject({ lastInboundAt: message.receivedAt, profileName: 'Ana' });
    expect(window?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('never moves the 24-hour window back for an older message handled after a newer one, and keeps the name', async () => {
    // Prepare
    const tenantId = await business('whatsapp:+15550840001', 'Moss Cafe', 'A flat white costs $4.');
    await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: '+15557840001', tenantId });
    const deliver = worker();
    const newer = new Date(Date.now() - 60_000).toISOString();
    const older = new Date(Date.now() - 120_000).toISOString();

    // Act
    await deliver(whatsapp('+15550840002', '+15557840001', 'How much is a flat white?', { sentAt: newer }));
    await deliver(
      whatsapp('+15550840002', '+15557840001', 'And a flat white to go?', {
        sentAt: older,
        profileName: undefined,
      }),
    );

    // Assess
    expect(repliesTo('+15550840002')).toHaveLength(2);
    const window = await item(
      keys.messagingWindow(tenantId, 'whatsapp:+15550840002', 'whatsapp', 'whatsapp:+15557840001'),
    );
    expect(window).toMatchObject({ lastInboundAt: newer, profileName: 'Ana' });
  });

  it('answers for the business a moved route names, at once, although the worker remembered the old one', async () => {
    // Prepare
    const first = await business('whatsapp:+15550850001', 'Birch Bakery', 'A sourdough loaf costs $7.');
    const second = await business('whatsapp:+15550850003', 'Cedar Books', 'A sourdough cookbook costs $31.');
    const route = { channel: 'twilio', address: '+15557850001' };
    await putChannelRoute(stack.runtime.table, { ...route, tenantId: first });
    const deliver = worker();
    await deliver(whatsapp('+15550850002', route.address, 'How much is a sourdough loaf?'));

    // Act: the number moves to another business, then to none (a shared number's welcome).
    await deleteChannelRoute(stack.runtime.table, { ...route, tenantId: first });
    await putChannelRoute(stack.runtime.table, { ...route, tenantId: second });
    await deliver(whatsapp('+15550850002', route.address, 'How much is the sourdough cookbook?'));
    await deleteChannelRoute(stack.runtime.table, { ...route, tenantId: second });
    // A command confirms a remembered route on its own (it reads no answer batch).
    await deliver(whatsapp('+15550850002', route.address, '!help'));
    await deliver(whatsapp('+15550850002', route.address, 'How much is the sourdough cookbook?'));

    // Assess
    const replies = repliesTo('+15550850002');
    expect(replies.map((r) => r.tenantId)).toEqual([first, second, undefined, undefined]);
    expect(replies[0]!.text).toContain('$7');
    expect(replies[1]!.text).toContain('$31');
    expect(replies[3]!.text).toContain('answers for many businesses');
    expect(await item(keys.usageMonth(second, monthOf()))).toMatchObject({ messages: 1 });
    expect(await item(keys.usageMonth(first, monthOf()))).toMatchObject({ messages: 1 });
  });

  it('adds up insight days written before the counts moved onto the usage day, and lists no usage for an insight alone', async () => {
    // Prepare: a day counted the old way (its own INSIGHTS# item), then one more message the new way.
    const tenantId = 'bookkeeping-old-insights';
    const day = '2026-11-02';
    await stack.runtime.table.client.send(
      new PutCommand({
        TableName: stack.runtime.table.name,
        Item: {
          ...keys.insightDay(tenantId, day),
          type: 'insight-day',
          day,
          messages: 2,
          intent_pricing: 2,
          sentiment_neutral: 2,
        },
      }),
    );

    // Act
    await recordInsight(
      stack.runtime.table,
      tenantId,
      { intent: 'hours', sentiment: 'negative', labelledBy: 'rules' },
      new Date(`${day}T10:00:00Z`),
    );
    const days = await listInsightDays(stack.runtime.table, tenantId, '2026-11-01', '2026-11-30');
    const usage = await listUsageDays(stack.runtime.table, tenantId, '2026-11-01', '2026-11-30');

    // Assess
    expect(days).toEqual([
      {
        day,
        messages: 3,
        intents: { pricing: 2, hours: 1 },
        sentiment: { positive: 0, neutral: 2, negative: 1 },
      },
    ]);
    expect(usage).toEqual([]);
  });
});
