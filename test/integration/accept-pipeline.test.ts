import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInbound } from '../../functions/channels/accept.js';
import type { InboundMessage } from '../../functions/contracts/messages.js';
import type { MessageQueue } from '../../functions/queue/answer-queue.js';
import { createTable, type Table } from '../../functions/store/client.js';
import { arrivalGroupOf, arrivalKeyOf } from '../../functions/store/inbound-arrivals.js';
import { keys } from '../../functions/store/keys.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { LocalQueue } from '../../local-stack/queue.js';
import { injectDynamoFaults, throughputExceeded } from '../faults/fault-harness.js';

let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
let table: Table;

beforeAll(async () => {
  dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName: 'accept-test', region: 'eu-west-1' });
  table = createTable('accept-test', {
    region: 'eu-west-1',
    endpoint: dynamo.endpoint,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
});
afterAll(async () => {
  table?.client.destroy();
  await dynamo?.close();
});

/** The local FIFO queue (deduplication ids for five minutes, as SQS), with what it delivered. */
const fifoQueue = () => {
  const delivered: SQSRecord[] = [];
  const queue = new LocalQueue({
    name: 'answers',
    fifo: true,
    consumer: async (event) => {
      delivered.push(...event.Records);
      return undefined;
    },
    onDeadLetter: () => {},
  });
  return { queue, delivered };
};

const message = (id: string): InboundMessage => ({
  provider: 'twilio',
  channel: 'whatsapp',
  providerMessageId: id,
  from: 'whatsapp:+15550870001',
  to: 'whatsapp:+15557790010',
  text: 'Are you open today?',
  receivedAt: new Date().toISOString(),
});

const noteOf = async (m: InboundMessage) =>
  (
    await table.client.send(
      new GetCommand({
        TableName: table.name,
        Key: keys.inboundArrival(arrivalGroupOf(m), arrivalKeyOf(m)),
        ConsistentRead: true,
      }),
    )
  ).Item;

describe('the accept pipeline: queue, then note', () => {
  it('writes nothing when the queue refuses the message, and queues it once on the retry', async () => {
    // Prepare
    const { queue, delivered } = fifoQueue();
    let refusals = 1;
    const flaky: MessageQueue = {
      send: async (m) => {
        if (refusals-- > 0) throw new Error('SQS: service unavailable');
        await queue.send(m);
      },
    };
    const m = message('SM00000000000000000000000000000001');

    // Act
    const first = await acceptInbound({ table, answerQueue: flaky }, m).catch((error: Error) => error);
    const noteAfterFailure = await noteOf(m);
    const retry = await acceptInbound({ table, answerQueue: flaky }, m);
    await queue.idle();

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(noteAfterFailure).toBeUndefined();
    expect(retry).toBe('queued');
    expect(delivered).toHaveLength(1);
    expect(await noteOf(m)).toMatchObject({ state: 'queued', providerMessageId: m.providerMessageId });
    await queue.close();
  });

  it('fails the request when the note cannot be written; the retry is not queued twice and writes it', async () => {
    // Prepare
    const { queue, delivered } = fifoQueue();
    const m = message('SM00000000000000000000000000000002');
    const faults = injectDynamoFaults(table, 'initialize', (_input, n) =>
      n === 1 ? throughputExceeded() : undefined,
    );

    // Act
    const first = await acceptInbound({ table, answerQueue: queue }, m).catch((error: Error) => error);
    faults.remove();
    const retry = await acceptInbound({ table, answerQueue: queue }, m);
    await queue.idle();

    // Assess: the message was on the queue from the first attempt; the retry only wrote the note.
    expect(first).toBeInstanceOf(Error);
    expect(retry).toBe('queued');
    expect(delivered).toHaveLength(1);
    expect(await noteOf(m)).toMatchObject({ state: 'queued' });
    await queue.close();
  });

  it('tells a redelivery by its note, and the queue drops it within its window', async () => {
    // Prepare
    const { queue, delivered } = fifoQueue();
    const m = message('SM00000000000000000000000000000003');

    // Act
    const outcomes = [
      await acceptInbound({ table, answerQueue: queue }, m),
      await acceptInbound({ table, answerQueue: queue }, m),
    ];
    await queue.idle();

    // Assess
    expect(outcomes).toEqual(['queued', 'duplicate']);
    expect(delivered).toHaveLength(1);
    await queue.close();
  });
});
