import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender } from '../../local-stack/outbox.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { participant, startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
const UNREACHABLE = 'whatsapp:+15550900009';

beforeAll(async () => {
  stack = await startTestStack({ queue: { maxReceiveCount: 3, visibilityTimeoutMs: 10 } });
  // The Twilio side refuses one recipient every time; everyone else goes to the outbox.
  const outbox = createOutboxSender(stack.outbox, 1600);
  stack.runtime.senders.twilio = {
    async send(message) {
      if (message.to === UNREACHABLE) throw new Error('Twilio answered 503 Service Unavailable');
      return outbox.send(message);
    },
  };
});
afterAll(async () => {
  await stack?.close();
});

describe('a message that keeps failing', () => {
  it('is retried, then dead-lettered, while the other customers are answered', async () => {
    // Prepare
    const failing = participant(stack, UNREACHABLE);
    const others = [1, 2, 3].map((n) => participant(stack, `whatsapp:+1555090000${n}`));

    // Act: all four arrive together, so they share batches.
    const posted = await Promise.all([
      failing.post('hello there'),
      ...others.map((o) => o.post('hello there')),
    ]);
    await stack.idle();

    // Assess
    expect(posted.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    for (const other of others) expect(other.received()).toHaveLength(1);
    expect(failing.received()).toHaveLength(0);
    const dlq = (await (await fetch(`${stack.url}/_local/dlq`)).json()) as Array<{
      body: string;
      receiveCount: number;
    }>;
    expect(dlq).toHaveLength(1);
    expect(dlq[0]!.receiveCount).toBe(3);
    expect(JSON.parse(dlq[0]!.body)).toMatchObject({ from: UNREACHABLE, text: 'hello there' });
  });

  it('serves the outbox as JSON, newest last, with channel, to and text', async () => {
    const customer = participant(stack, 'whatsapp:+15550900010');
    await customer.ask('first');
    await customer.ask('second');
    const outbox = (await (await fetch(`${stack.url}/_local/outbox`)).json()) as Array<
      Record<string, string>
    >;
    const mine = outbox.filter((m) => m.to === customer.from);
    expect(mine).toHaveLength(2);
    expect(mine.at(-1)).toMatchObject({ channel: 'whatsapp', to: customer.from, text: expect.any(String) });
    expect(Date.parse(mine[1]!.at!)).toBeGreaterThanOrEqual(Date.parse(mine[0]!.at!));
  });
});
