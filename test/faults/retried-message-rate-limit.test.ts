import { describe, expect, it } from 'vitest';
import { participant, startTestStack } from '../support/local-stack.js';
import { businessOnNumber } from './fault-harness.js';

describe('a message retried after a fault', () => {
  it('counts once against the customer rate limit, so the retry still answers it', async () => {
    // Prepare: two messages per window; retrieval fails the first three attempts.
    const stack = await startTestStack({
      env: { CUSTOMER_MESSAGES_PER_WINDOW: '2' },
      queue: { visibilityTimeoutMs: 10, maxReceiveCount: 5 },
    });
    try {
      const number = '+15557390000';
      await businessOnNumber(stack, 'whatsapp:+15557391000', number);
      const search = stack.runtime.knowledge.search.bind(stack.runtime.knowledge);
      let failures = 3;
      stack.runtime.knowledge.search = async (...args) => {
        if (failures-- > 0) throw new Error('Pinecone: 503');
        return search(...args);
      };
      const customer = participant(stack, 'whatsapp:+15557391001', `whatsapp:${number}`);

      // Act
      const reply = await customer.ask('How much is a sourdough loaf?');
      await stack.idle();

      // Assess: the answer, not the rate-limit notice (nor silence).
      expect(failures).toBeLessThan(0);
      expect(reply).toContain('$6');
      expect(customer.received()).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});
