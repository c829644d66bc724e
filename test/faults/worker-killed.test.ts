import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../functions/contracts/messages.js';
import {
  LOCAL_SHARED_NUMBER,
  LOCAL_TWILIO_AUTH_TOKEN,
  type LocalStack,
  startLocalStack,
} from '../../local-stack/stack.js';
import { postTwilioMessage } from '../../local-stack/twilio-client.js';
import { codeIn, participant, SHARED_NUMBER } from '../support/local-stack.js';
import { type SendRequest, startAnswerWorkerHost } from './answer-worker-host.js';
import { formatOutcome } from './fault-harness.js';

/**
 * The answer worker runs in a process of its own and is killed with SIGKILL while a send is in
 * flight: nothing in it runs after that (no catch, no finally), so its claim on the message is
 * not given back and only lapses with the lease. The lease is kept short here (ANSWER_LEASE_MS);
 * the queue redelivers every 200 ms and a fresh worker process is already waiting, so a retry
 * that took over before the lease lapsed would show up as an early, or second, reply.
 */
const LEASE_MS = 8000;

const ENV = {
  PLATFORM_ADMIN_KEY: 'platform-test-key',
  BURST_WINDOW_MS: '0',
  ANSWER_LEASE_MS: String(LEASE_MS),
  // The worker process builds its own configuration: the same shared number as the stack's.
  SHARED_NUMBERS: LOCAL_SHARED_NUMBER,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

let stack: LocalStack;
let host: ReturnType<typeof startAnswerWorkerHost>;
/** Decides, per send, whether the worker dies with it in flight; off while the business is set up. */
let killAt: (request: SendRequest) => boolean = () => false;
/** Every send that reached the provider, with when it did. */
const delivered: Array<{ to: string; text: string; at: number }> = [];
let code: string;
const owner = 'whatsapp:+15557400001';

beforeAll(async () => {
  stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: ENV,
    queue: { visibilityTimeoutMs: 200, maxReceiveCount: 100 },
    answerWorker: (event) => host.consume(event),
  });
  host = startAnswerWorkerHost({
    env: { ...process.env, ...ENV, DYNAMO_ENDPOINT: stack.dynamoEndpoint },
    provider: {
      async send(message: OutboundMessage) {
        const result = await stack.runtime.senders.twilio!.send(message);
        delivered.push({ to: message.to, text: message.text, at: Date.now() });
        return result;
      },
    },
    killAt: (request) => killAt(request),
  });
  const chat = participant(stack, owner);
  code = codeIn(await chat.ask('!register Harbour Bakery'));
  await chat.ask('!add We open at 7am and close at 6pm every day.');
  await chat.ask('!add A sourdough loaf costs $6.');
}, 60_000);

afterAll(async () => {
  await host?.close();
  await stack?.close();
});

const post = async (from: string, body: string) => {
  const posted = await postTwilioMessage(stack.url, LOCAL_TWILIO_AUTH_TOKEN, {
    from,
    to: SHARED_NUMBER,
    body,
  });
  expect(posted.status).toBe(200);
};

const deliveriesTo = (to: string) => delivered.filter((d) => d.to === to);

// Each run is bounded at 240 s, a bound and not a figure: a run takes about 9 s alone, but a
// fresh worker process (tsx) is started for every SIGKILL and for deliveries that find no idle
// one, and in the full suite on two cores that start-up once stretched a run past 90 s with every
// message still answered exactly once.
describe('a worker process killed with SIGKILL mid-batch', () => {
  it('while a batch of several is being answered: the one in flight is answered once after the lease, the rest once', async () => {
    // Prepare: the worker dies with a reply in flight in a batch of several messages, after at
    // least one of them was answered; the rest of that batch had not been started.
    const customers = Array.from({ length: 8 }, (_, n) => `whatsapp:+155574100${String(n).padStart(2, '0')}`);
    const sendsBefore = delivered.length;
    let inFlight: string | undefined;
    killAt = ({ message, batchRecords, sentInBatch }) => {
      if (inFlight || batchRecords < 2 || sentInBatch < 1) return false;
      inFlight = message.to;
      return true;
    };

    // Act
    await Promise.all(customers.map((from) => post(from, `!business ${code} When do you open?`)));
    await stack.idle();
    killAt = () => false;

    // Assess
    const [kill] = host.kills().slice(-1);
    const resumed = deliveriesTo(inFlight!);
    const outcome = {
      messages: customers.length,
      answered: customers.filter((c) => deliveriesTo(c).length >= 1).length,
      deadLettered: stack.deadLetters.list().length,
      lost: customers.filter((c) => deliveriesTo(c).length === 0).length,
      duplicated: customers.filter((c) => deliveriesTo(c).length > 1).length,
    };
    console.log(`${formatOutcome('worker SIGKILLed mid-batch', outcome)} killed-batch-size=${kill?.records}`);
    expect(host.kills()).toHaveLength(1);
    expect(customers).toContain(inFlight);
    expect(outcome).toMatchObject({ answered: 8, lost: 0, duplicated: 0, deadLettered: 0 });
    for (const customer of customers) expect(deliveriesTo(customer)[0]!.text).toContain('7am');
    expect(delivered.length - sendsBefore).toBe(8);
    expect(kill!.records).toBeGreaterThanOrEqual(2);
    // The message was taken over only once the dead worker's lease ran out. (How many retries
    // were refused before that depends on how fast a loaded machine redelivers: logged, not asserted.)
    const heldBack = host.refused().filter((r) => r.from === inFlight && r.at > kill!.at);
    console.log(`[faults] retries refused while the lease held: ${heldBack.length}`);
    expect(resumed[0]!.at - kill!.at).toBeGreaterThanOrEqual(LEASE_MS - 1000);
  }, 240_000);

  it('between the two replies of a handoff: the customer is told once, the owner alerted once', async () => {
    // Prepare: the worker dies as the owner's alert leaves it, the customer's reply already sent
    const customer = 'whatsapp:+15557420001';
    const ownerBefore = deliveriesTo(owner).length;
    killAt = ({ message }) => message.to === owner && host.kills().length === 1;

    // Act
    await post(customer, `!business ${code} I want to talk to a person`);
    await stack.idle();
    killAt = () => false;

    // Assess
    const alerts = deliveriesTo(owner).slice(ownerBefore);
    const outcome = {
      messages: 1,
      answered: deliveriesTo(customer).length >= 1 ? 1 : 0,
      deadLettered: stack.deadLetters.list().length,
      lost: deliveriesTo(customer).length === 0 || alerts.length === 0 ? 1 : 0,
      duplicated: deliveriesTo(customer).length > 1 || alerts.length > 1 ? 1 : 0,
    };
    console.log(formatOutcome('worker SIGKILLed mid-send', outcome));
    expect(host.kills()).toHaveLength(2);
    expect(outcome).toMatchObject({ answered: 1, lost: 0, duplicated: 0, deadLettered: 0 });
    expect(deliveriesTo(customer).map((d) => d.text)).toEqual([
      expect.stringContaining('a person will reply'),
    ]);
    expect(alerts.map((d) => d.text)).toEqual([expect.stringContaining('asked for a person')]);
    const heldBack = host.refused().filter((r) => r.from === customer && r.at > host.kills()[1]!.at);
    console.log(`[faults] retries refused while the lease held: ${heldBack.length}`);
    expect(alerts[0]!.at - host.kills()[1]!.at).toBeGreaterThanOrEqual(LEASE_MS - 1000);
  }, 240_000);
});
