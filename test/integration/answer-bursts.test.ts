import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../functions/contracts/messages.js';
import { laterMessageQueued } from '../../functions/conversation/bursts.js';
import { REPLY_SCOPE, replyClaimKey } from '../../functions/conversation/reply-claim.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { claim, complete } from '../../functions/store/idempotency.js';
import { noteArrivalQueued } from '../../functions/store/inbound-arrivals.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { promptParts, startFakeChatServer } from '../support/fake-chat-server.js';
import { participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({
    env: { BURST_WINDOW_MS: '400', CUSTOMER_MESSAGES_PER_WINDOW: '4', MAX_MESSAGE_CHARS: '120' },
  });
});
afterAll(async () => {
  await stack?.close();
});

/** A business registered by chat, with one fact, on its own routed number. */
const businessOnNumber = async (ownerPhone: string, name: string, fact: string, number: string) => {
  const owner = participant(stack, ownerPhone);
  const registered = await owner.ask(`!register ${name}`);
  await owner.ask(`!add ${fact}`);
  const tenantId = stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
  await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: number, tenantId });
  return owner;
};

describe('bursts and limits', () => {
  it('answers a burst of three quick messages once, together', async () => {
    // Prepare
    await businessOnNumber(
      'whatsapp:+15550810001',
      'Lotus Yoga',
      'A drop-in yoga class costs $18.',
      '+15557790001',
    );
    const customer = participant(stack, '+15550810002', '+15557790001');

    // Act: three messages within the window, each queued before the first is answered.
    for (const text of ['hi there', 'quick question', 'how much is a drop-in class?']) {
      expect((await customer.post(text)).status).toBe(200);
    }
    await stack.idle();

    // Assess
    const received = customer.received();
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain('$18');
  });

  it('never leaves a message waiting on a later one that was already answered', async () => {
    // Prepare: the later message was queued by a webhook (its arrival filed under the conversation).
    const { table } = stack.runtime;
    const message = (id: string, at: string): InboundMessage => ({
      provider: 'twilio',
      channel: 'sms',
      providerMessageId: id,
      from: '+15550850002',
      to: '+15557790009',
      text: 'hello',
      receivedAt: at,
    });
    const earlier = message('SM-earlier', '2026-01-01T10:00:00.000Z');
    const later = message('SM-later', '2026-01-01T10:00:01.000Z');
    const options = { ttlDays: 1 };
    expect(await noteArrivalQueued(table, earlier, options)).toBe(true);
    expect(await noteArrivalQueued(table, later, options)).toBe(true);
    // A redelivery finds its note.
    expect(await noteArrivalQueued(table, later, options)).toBe(false);

    // Act + Assess: while the later one waits in the queue, the earlier one defers to it...
    expect(await laterMessageQueued(table, earlier)).toBe(true);
    // ...but once it was answered, the earlier one answers for itself.
    await claim(table, { scope: REPLY_SCOPE, key: replyClaimKey(later), leaseMs: 1000, ttlDays: 1 });
    await complete(table, REPLY_SCOPE, replyClaimKey(later));
    expect(await laterMessageQueued(table, earlier)).toBe(false);
    expect(await laterMessageQueued(table, later)).toBe(false);
  });

  it('still answers messages further apart than the window one by one', async () => {
    await businessOnNumber(
      'whatsapp:+15550820001',
      'Fern Florist',
      'A bouquet of tulips costs $25.',
      '+15557790002',
    );
    const customer = participant(stack, '+15550820002', '+15557790002');

    expect(await customer.ask('How much are tulips?')).toContain('$25');
    expect(await customer.ask('How much is a bouquet of tulips?')).toContain('$25');
    expect(customer.received()).toHaveLength(2);
  });

  it('limits one customer politely, once, and keeps answering others', async () => {
    await businessOnNumber(
      'whatsapp:+15550830001',
      'Pine Bakery',
      'A sourdough loaf costs $7.',
      '+15557790003',
    );
    const flooder = participant(stack, '+15550830002', '+15557790003');
    const neighbour = participant(stack, '+15550830003', '+15557790003');

    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const before = flooder.received().length;
      await flooder.post(`How much is a sourdough loaf? (${i})`);
      await stack.idle();
      replies.push(
        ...flooder
          .received()
          .slice(before)
          .map((m) => m.text),
      );
    }

    expect(replies.slice(0, 4).every((r) => r.includes('$7'))).toBe(true);
    expect(replies.slice(4)).toEqual([expect.stringMatching(/taking a short break/)]);
    expect(await neighbour.ask('How much is a sourdough loaf?')).toContain('$7');
  });

  it('truncates an over-long message and says so', async () => {
    await businessOnNumber(
      'whatsapp:+15550840001',
      'Oak Tailors',
      'Hemming trousers costs $15.',
      '+15557790004',
    );
    const customer = participant(stack, '+15550840002', '+15557790004');

    const reply = await customer.ask(
      `How much does hemming trousers cost? ${'Some more words here. '.repeat(40)}`,
    );

    expect(reply).toMatch(/^\(Your message was long, so I read only its first 120 characters\.\)/);
    expect(reply).toContain('$15');
  });
});

describe('a burst with a model', () => {
  it('sends the three messages to the model once, as one question, and replies once', async () => {
    // Prepare
    const model = await startFakeChatServer(() => ({
      reply: {
        reply: 'Yes, we deliver until 9pm.',
        known: true,
        sources: [1],
        intent: 'other',
        sentiment: 'neutral',
      },
    }));
    const withModel = await startTestStack({
      env: { BURST_WINDOW_MS: '400', OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test' },
    });
    try {
      const owner = participant(withModel, 'whatsapp:+15550860001');
      const registered = await owner.ask('!register Night Noodles');
      await owner.ask('!add We deliver noodles every evening until 9pm.');
      const tenantId = withModel.outbox.list().find((m) => m.text === registered)!.tenantId!;
      await putChannelRoute(withModel.runtime.table, {
        channel: 'twilio',
        address: '+15557790010',
        tenantId,
      });
      const customer = participant(withModel, '+15550860002', '+15557790010');
      const before = model.received.length;

      // Act
      for (const text of ['hello', 'are you still open?', 'do you deliver noodles tonight?'])
        await customer.post(text);
      await withModel.idle();

      // Assess
      const requests = model.received.slice(before);
      expect(requests).toHaveLength(1);
      expect(promptParts(requests[0]!).question).toBe(
        'hello\nare you still open?\ndo you deliver noodles tonight?',
      );
      expect(customer.received().map((m) => m.text)).toEqual(['Yes, we deliver until 9pm.']);
    } finally {
      await withModel.close();
      await model.close();
    }
  });
});
