import { afterAll, describe, expect, it } from 'vitest';
import { createTwilioSender } from '../../functions/channels/twilio/sender.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { startFakeChatServer } from '../support/fake-chat-server.js';
import { startTestStack } from '../support/local-stack.js';
import {
  businessOnNumber,
  type FaultOutcome,
  formatOutcome,
  injectDynamoFaults,
  outboxDeliveries,
  runInboundUnderFault,
  startFakeTwilioApi,
  throughputExceeded,
} from './fault-harness.js';

/**
 * Under each fault, many customers write at once (every webhook delivered twice); every message
 * must end answered exactly once, or in the answer DLQ (what the DLQ alarm counts).
 */
const CUSTOMERS = 10;
const NUMBER = '+15557300000';
const totals = { lost: 0, duplicated: 0 };
const record = (name: string, outcome: FaultOutcome) => {
  totals.lost += outcome.lost;
  totals.duplicated += outcome.duplicated;
  console.log(formatOutcome(name, outcome));
};

afterAll(() => {
  console.log(`[faults] lost=${totals.lost} duplicated=${totals.duplicated}`);
});

const withStack = async <T>(
  env: Record<string, string>,
  run: (stack: LocalStack) => Promise<T>,
  queue: { maxReceiveCount?: number } = {},
): Promise<T> => {
  const stack = await startTestStack({
    env,
    queue: { visibilityTimeoutMs: 10, maxReceiveCount: 4, ...queue },
  });
  try {
    return await run(stack);
  } finally {
    await stack.close();
  }
};

const expectNoLossNoDuplicate = (outcome: FaultOutcome) => {
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicated).toBe(0);
  expect(outcome.answered + outcome.deadLettered).toBe(outcome.messages);
};

describe('the LLM fails', () => {
  for (const fault of [
    { name: 'llm 500', behaviour: { status: 500 } },
    { name: 'llm 429', behaviour: { status: 429 } },
    // Longer than LLM_TIMEOUT_MS: the client gives up and the chain falls back.
    { name: 'llm timeout', behaviour: { status: 500, delayMs: 400 } },
  ] as const) {
    it(`${fault.name}: every message is answered once (the chain falls back)`, async () => {
      // Prepare: the model answers the setup, then fails every other request.
      let failing = false;
      const model = await startFakeChatServer((_request, nth) =>
        failing && nth % 2 === 0
          ? fault.behaviour
          : {
              reply: { reply: 'We open at 7am; a loaf is $6.', known: true, sources: [1], intent: 'hours' },
            },
      );
      try {
        const outcome = await withStack(
          {
            OPENAI_BASE_URL: model.baseUrl,
            OPENAI_API_KEY: 'sk-test',
            LLM_MAX_RETRIES: '0',
            LLM_TIMEOUT_MS: '150',
            LLM_CIRCUIT_FAILURES: '1000',
          },
          async (stack) => {
            await businessOnNumber(stack, 'whatsapp:+15557301000', NUMBER);
            failing = true;
            const before = model.received.length;
            // Act
            const result = await runInboundUnderFault(stack, {
              number: NUMBER,
              customers: CUSTOMERS,
              prefix: '555731',
              delivered: outboxDeliveries(stack),
            });
            expect(model.received.length - before).toBeGreaterThan(1);
            return result;
          },
        );
        // Assess
        record(fault.name, outcome);
        expectNoLossNoDuplicate(outcome);
        expect(outcome.answered).toBe(CUSTOMERS);
      } finally {
        await model.close();
      }
    });
  }
});

describe('retrieval fails', () => {
  for (const fault of [
    { name: 'embedding errors', error: () => Object.assign(new Error('Embeddings: 500'), { status: 500 }) },
    {
      name: 'pinecone errors',
      error: () => Object.assign(new Error('Pinecone: 503'), { name: 'PineconeError' }),
    },
  ]) {
    it(`${fault.name}: each message is answered once after a retry, or dead-lettered`, async () => {
      const outcome = await withStack({}, async (stack) => {
        // Prepare: the index fails the first search of each message (each customer asks once).
        await businessOnNumber(stack, 'whatsapp:+15557302000', NUMBER);
        const search = stack.runtime.knowledge.search.bind(stack.runtime.knowledge);
        let calls = 0;
        let thrown = 0;
        stack.runtime.knowledge.search = async (...args) => {
          if (++calls % 2 === 1) {
            thrown++;
            throw fault.error();
          }
          return search(...args);
        };
        // Act
        const result = await runInboundUnderFault(stack, {
          number: NUMBER,
          customers: CUSTOMERS,
          prefix: '555732',
          delivered: outboxDeliveries(stack),
        });
        expect(thrown).toBeGreaterThan(0);
        return result;
      });
      // Assess
      record(fault.name, outcome);
      expectNoLossNoDuplicate(outcome);
    });
  }
});

describe('the Twilio API refuses a send', () => {
  for (const status of [503, 429]) {
    it(`twilio ${status}: the reply is sent once on a retry`, async () => {
      // Prepare: the first attempt to each customer is refused; the real twilio client sends.
      const api = await startFakeTwilioApi((_to, attempt) => (attempt === 1 ? status : undefined));
      try {
        const outcome = await withStack({}, async (stack) => {
          await businessOnNumber(stack, 'whatsapp:+15557303000', NUMBER);
          stack.runtime.senders.twilio = createTwilioSender({
            credentials: async () => ({ accountSid: `AC${'7'.repeat(32)}`, authToken: 'token' }),
            apiBaseUrl: api.baseUrl,
          });
          // Act
          return runInboundUnderFault(stack, {
            number: NUMBER,
            customers: CUSTOMERS,
            prefix: '555733',
            delivered: (to) => api.accepted.filter((m) => m.to === to).length,
          });
        });
        // Assess
        record(`twilio ${status}`, outcome);
        expect(api.refused()).toBeGreaterThanOrEqual(CUSTOMERS);
        expectNoLossNoDuplicate(outcome);
        expect(outcome.answered).toBe(CUSTOMERS);
      } finally {
        await api.close();
      }
    });
  }

  it('twilio 503 forever: every message ends in the DLQ, none lost', async () => {
    const api = await startFakeTwilioApi(() => 503);
    try {
      const outcome = await withStack({}, async (stack) => {
        await businessOnNumber(stack, 'whatsapp:+15557304000', NUMBER);
        stack.runtime.senders.twilio = createTwilioSender({
          credentials: async () => ({ accountSid: `AC${'7'.repeat(32)}`, authToken: 'token' }),
          apiBaseUrl: api.baseUrl,
        });
        return runInboundUnderFault(stack, {
          number: NUMBER,
          customers: CUSTOMERS,
          prefix: '555734',
          delivered: (to) => api.accepted.filter((m) => m.to === to).length,
        });
      });
      record('twilio 503 forever', outcome);
      expectNoLossNoDuplicate(outcome);
      expect(outcome.deadLettered).toBe(CUSTOMERS);
    } finally {
      await api.close();
    }
  });
});

describe('DynamoDB throttles', () => {
  it('throttling within the SDK retries: every message answered once', async () => {
    const outcome = await withStack({}, async (stack) => {
      await businessOnNumber(stack, 'whatsapp:+15557305000', NUMBER);
      // One call in ten is throttled; the SDK's retry (at most one in a row here) absorbs it. (One
      // in fifteen until an answered message went from 14 table calls to 10: that left exactly one
      // throttle per message, and this run should throttle more often than that.)
      const faults = injectDynamoFaults(stack.runtime.table, 'deserialize', (_input, n) =>
        n % 10 === 0 ? throughputExceeded() : undefined,
      );
      const result = await runInboundUnderFault(stack, {
        number: NUMBER,
        customers: CUSTOMERS,
        prefix: '555735',
        delivered: outboxDeliveries(stack),
      });
      expect(faults.thrown()).toBeGreaterThan(CUSTOMERS);
      faults.remove();
      return result;
    });
    record('dynamodb throttling', outcome);
    expectNoLossNoDuplicate(outcome);
    expect(outcome.answered).toBe(CUSTOMERS);
  });

  it('throttling past the SDK retries: webhooks and workers retry, nothing lost or doubled', async () => {
    const outcome = await withStack({}, async (stack) => {
      await businessOnNumber(stack, 'whatsapp:+15557306000', NUMBER);
      // One call in 25 fails straight to the caller (the SDK's retries exhausted).
      const faults = injectDynamoFaults(stack.runtime.table, 'initialize', (_input, n) =>
        n % 25 === 0 ? throughputExceeded() : undefined,
      );
      const result = await runInboundUnderFault(stack, {
        number: NUMBER,
        customers: CUSTOMERS,
        prefix: '555736',
        delivered: outboxDeliveries(stack),
      });
      expect(faults.thrown()).toBeGreaterThan(0);
      faults.remove();
      return result;
    });
    record('dynamodb throttling hard', outcome);
    expectNoLossNoDuplicate(outcome);
  }, 90_000);
});

describe('a worker dies mid-batch', () => {
  it('after the reply was sent and saved, before the completion: the retry sends nothing again', async () => {
    const outcome = await withStack({}, async (stack) => {
      await businessOnNumber(stack, 'whatsapp:+15557307000', NUMBER);
      // The first completion of each message dies, as a process killed at that line would.
      const completedOnce = new Set<string>();
      const faults = injectDynamoFaults(stack.runtime.table, 'initialize', (input) => {
        const expression = String(input.UpdateExpression ?? '');
        const key = JSON.stringify(input.Key);
        if (!expression.includes(':completed') || completedOnce.has(key)) return undefined;
        completedOnce.add(key);
        return new Error('worker killed');
      });
      const result = await runInboundUnderFault(stack, {
        number: NUMBER,
        customers: CUSTOMERS,
        prefix: '555737',
        delivered: outboxDeliveries(stack),
      });
      expect(faults.thrown()).toBeGreaterThanOrEqual(CUSTOMERS);
      faults.remove();
      return result;
    });
    record('killed before completion', outcome);
    expectNoLossNoDuplicate(outcome);
    expect(outcome.answered).toBe(CUSTOMERS);
  });

  it('after the answer was decided, before the send: the saved reply is sent once on the retry', async () => {
    const outcome = await withStack({}, async (stack) => {
      await businessOnNumber(stack, 'whatsapp:+15557308000', NUMBER);
      const sender = stack.runtime.senders.twilio!;
      const killedFor = new Set<string>();
      stack.runtime.senders.twilio = {
        async send(message) {
          if (!killedFor.has(message.to)) {
            killedFor.add(message.to);
            throw new Error('worker killed before the send');
          }
          return sender.send(message);
        },
      };
      return runInboundUnderFault(stack, {
        number: NUMBER,
        customers: CUSTOMERS,
        prefix: '555738',
        delivered: outboxDeliveries(stack),
      });
    });
    record('killed before the send', outcome);
    expectNoLossNoDuplicate(outcome);
    expect(outcome.answered).toBe(CUSTOMERS);
  });
});
