import { afterAll, describe, expect, it } from 'vitest';
import { metaJson, postMetaWebhook, whatsAppText } from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET } from '../../local-stack/stack.js';
import { registerBusinessByChat } from '../support/channels-tenant.js';
import { graphError, startFakeGraphApi } from '../support/fake-graph-api.js';
import { startTestStack } from '../support/local-stack.js';
import { type FaultOutcome, formatOutcome } from './fault-harness.js';

const PHONE_NUMBER_ID = '106540352242999';
const CUSTOMERS = 10;
const totals = { lost: 0, duplicated: 0 };
afterAll(() => {
  console.log(`[faults] meta lost=${totals.lost} duplicated=${totals.duplicated}`);
});

/**
 * The Graph API refuses sends (5xx, 429, or for good); WhatsApp customers write at once, each
 * webhook delivered twice. Every message ends answered once, or in the answer DLQ.
 */
const runMetaFault = async (
  refuse: (attempt: number) => { status: number; body: unknown } | undefined,
  count = CUSTOMERS,
) => {
  const graph = await startFakeGraphApi();
  const stack = await startTestStack({
    env: {
      META_ACCESS_TOKEN: 'platform-meta-token',
      META_GRAPH_BASE_URL: graph.url,
      META_GRAPH_VERSION: 'v25.0',
    },
    queue: { visibilityTimeoutMs: 10, maxReceiveCount: 4 },
  });
  try {
    const business = await registerBusinessByChat(stack, {
      ownerPhone: '+15557400001',
      name: 'Harbour Bakery',
      facts: ['We open at 7am and close at 6pm every day.'],
    });
    await business.connect('whatsapp', PHONE_NUMBER_ID);
    const attempts = new Map<string, number>();
    const accepted = new Map<string, number>();
    let refused = 0;
    graph.answer((request, n) => {
      const to = String(request.body.to);
      const attempt = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, attempt);
      const refusal = refuse(attempt);
      if (refusal) {
        refused++;
        return refusal;
      }
      accepted.set(to, (accepted.get(to) ?? 0) + 1);
      return { status: 200, body: { messages: [{ id: `wamid.fault${n}` }] } };
    });
    const customers = Array.from({ length: count }, (_, n) => `1650574${String(n).padStart(4, '0')}`);
    const webhookOk = new Set<string>();
    await Promise.all(
      customers.map(async (waId) => {
        const body = metaJson(
          whatsAppText(PHONE_NUMBER_ID, waId, 'When do you open?', { id: `wamid.in${waId}` }),
        );
        for (let delivery = 0; delivery < 2; delivery++) {
          const posted = await postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, body);
          if (posted.status === 200) webhookOk.add(waId);
        }
      }),
    );
    await stack.idle();
    const dead = stack.deadLetters
      .list()
      .filter((letter) => letter.queue.startsWith('answer'))
      .map((letter) => (JSON.parse(letter.body) as { from: string }).from.replace(/\D/g, ''));
    const outcome: FaultOutcome = {
      messages: count,
      answered: 0,
      deadLettered: 0,
      lost: 0,
      duplicated: 0,
    };
    for (const waId of customers) {
      const replies = accepted.get(waId) ?? 0;
      if (replies >= 1) outcome.answered++;
      if (replies > 1) outcome.duplicated++;
      if (replies === 0 && dead.includes(waId)) outcome.deadLettered++;
      if ((replies === 0 && !dead.includes(waId)) || !webhookOk.has(waId)) outcome.lost++;
    }
    return { outcome, refused };
  } finally {
    await stack.close();
    await graph.close();
  }
};

const check = (name: string, outcome: FaultOutcome) => {
  totals.lost += outcome.lost;
  totals.duplicated += outcome.duplicated;
  console.log(formatOutcome(name, outcome));
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicated).toBe(0);
  expect(outcome.answered + outcome.deadLettered).toBe(outcome.messages);
};

describe('the Graph API refuses a send', () => {
  it('meta 500 on the first attempt: each reply goes out once on the retry', async () => {
    const { outcome, refused } = await runMetaFault((attempt) =>
      attempt === 1
        ? { status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } }
        : undefined,
    );
    check('meta 500', outcome);
    expect(refused).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(outcome.answered).toBe(CUSTOMERS);
  });

  it('meta 429 (throttled) on the first attempt: each reply goes out once on the retry', async () => {
    // Fewer customers: the Graph client waits a second before its own retry of a 429.
    const { outcome, refused } = await runMetaFault(
      (attempt) => (attempt === 1 ? graphError(80007, 429) : undefined),
      5,
    );
    check('meta 429', outcome);
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(outcome.answered).toBe(5);
  });

  it('meta 503 forever: every message ends in the DLQ', async () => {
    // Fewer customers: the Graph client itself retries a 5xx twice (1.25 s) on every receive.
    const { outcome } = await runMetaFault(
      () => ({ status: 503, body: { error: { message: 'down', code: 2 } } }),
      4,
    );
    check('meta 503 forever', outcome);
    expect(outcome.deadLettered).toBe(4);
  });
});
