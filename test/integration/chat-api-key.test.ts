import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../functions/contracts/messages.js';
import { sha256Hex } from '../../functions/platform/ids.js';
import type { Item } from '../../functions/store/client.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { injectDynamoFaults } from '../faults/fault-harness.js';
import { adminClient } from '../support/admin-client.js';
import { participant, startTestStack } from '../support/local-stack.js';

/**
 * `!key` by chat: the reply is saved before it is sent (exactly-once delivery), yet the key is
 * minted only at send time, so it reaches the outbox and never the table; a retry after a crash
 * sends one working key and revokes the one an earlier attempt minted.
 */
let stack: LocalStack;
let realTwilio: ChannelSender;

beforeAll(async () => {
  stack = await startTestStack();
  realTwilio = stack.runtime.senders.twilio!;
});
afterEach(() => {
  stack.runtime.senders.twilio = realTwilio;
});
afterAll(async () => {
  await stack?.close();
});

const KEY = /fd_[\w-]{32}/g;

const everyItem = async (): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.runtime.table.client.send(
      new ScanCommand({ TableName: stack.runtime.table.name, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const keysSentTo = (to: string) =>
  stack.outbox
    .list()
    .filter((m) => m.to === to)
    .flatMap((m) => m.text.match(KEY) ?? []);

const registeredOwner = async (phone: string, name: string) => {
  const owner = participant(stack, phone);
  await owner.ask(`!register ${name}`);
  // The reply is in the outbox a moment before its send is recorded: let that finish too.
  await stack.idle();
  return owner;
};

const statusWith = async (key: string) => (await adminClient(stack, key).call('GET', '/v1/tenant')).status;

describe('!key by chat', () => {
  it('puts the key in the message sent and nowhere in the table, and the key works', async () => {
    // Prepare
    const owner = await registeredOwner('whatsapp:+15556100001', 'Lantern Books');

    // Act
    const reply = await owner.ask('!key');
    await stack.idle();
    const [key] = reply.match(KEY) ?? [];
    const items = JSON.stringify(await everyItem());
    const inOutbox = stack.outbox.list().filter((m) => key && m.text.includes(key));
    const listed = await adminClient(stack, key ?? 'none').call('GET', '/v1/keys');

    // Assess: the table holds the key's SHA-256 and not one character run of the key beyond its hint.
    expect(key).toBeDefined();
    expect(inOutbox).toHaveLength(1);
    expect(items).not.toContain(key!);
    expect(items).not.toContain(key!.slice(7));
    expect(items).toContain(sha256Hex(key!));
    expect(listed.status).toBe(200);
    expect(listed.json.keys).toEqual([
      expect.objectContaining({
        keyId: expect.stringMatching(/^msg_/),
        label: 'sent by chat (!key)',
        current: true,
      }),
    ]);
    expect(reply).toContain(listed.json.keys[0].keyId);
  });

  it('after a crash between the send and its record, the retry sends one working key and revokes the first', async () => {
    // Prepare: the record of the first send fails (every retry of it), as a process killed there would.
    const owner = await registeredOwner('whatsapp:+15556100002', 'Willow Florist');
    let failedRecords = 0;
    const faults = injectDynamoFaults(stack.runtime.table, 'initialize', (input) => {
      const values = input.ExpressionAttributeValues as
        | { ':progress'?: { sent?: number; replies?: Array<{ deferredSecret?: unknown }> } }
        | undefined;
      const progress = values?.[':progress'];
      if (progress?.sent !== 1 || !progress.replies?.[0]?.deferredSecret || failedRecords >= 5)
        return undefined;
      failedRecords++;
      return new Error('worker killed after the send');
    });

    // Act
    try {
      await owner.post('!key');
      await stack.idle();
    } finally {
      faults.remove();
    }
    const sent = keysSentTo(owner.from);
    const statuses = await Promise.all(sent.map(statusWith));
    const items = JSON.stringify(await everyItem());

    // Assess: the first key reached the owner and then died; the one sent by the retry works.
    expect(failedRecords).toBe(5);
    expect(sent).toHaveLength(2);
    expect(statuses).toEqual([401, 200]);
    for (const key of sent) expect(items).not.toContain(key);
    const listed = await adminClient(stack, sent[1]!).call('GET', '/v1/keys');
    expect(listed.json.keys).toHaveLength(1);
  });

  it('after a failed send, the retry sends exactly one key, and the never-sent one does not work', async () => {
    // Prepare: the provider refuses the first send of the reply, after the key was minted.
    const owner = await registeredOwner('whatsapp:+15556100003', 'Cobalt Cycles');
    let refused = 0;
    stack.runtime.senders.twilio = {
      async send(message) {
        if (message.to === owner.from && refused++ === 0) throw new Error('provider unavailable');
        return realTwilio.send(message);
      },
    };

    // Act
    await owner.post('!key');
    await stack.idle();
    const sent = keysSentTo(owner.from);
    const listed = await adminClient(stack, sent[0] ?? 'none').call('GET', '/v1/keys');
    const keyLookups = (await everyItem()).filter((item) => String(item.pk).startsWith('APIKEY#'));
    const tenantId = stack.outbox.list().find((m) => m.to === owner.from)?.tenantId;

    // Assess: one key sent, one key listed, one lookup of this tenant's (the minted-then-failed key is gone).
    expect(refused).toBe(2);
    expect(sent).toHaveLength(1);
    expect(listed.status).toBe(200);
    expect(listed.json.keys).toHaveLength(1);
    expect(keyLookups.filter((item) => item.tenantId === tenantId)).toHaveLength(1);
  });
});
