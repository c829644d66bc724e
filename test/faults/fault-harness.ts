import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import type { Table } from '../../functions/store/client.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { LOCAL_TWILIO_AUTH_TOKEN } from '../../local-stack/stack.js';
import { newMessageSid, postTwilioMessage } from '../../local-stack/twilio-client.js';
import { participant } from '../support/local-stack.js';

/** What a fault run ends with: every inbound message is answered once, or dead-lettered. */
export interface FaultOutcome {
  messages: number;
  answered: number;
  deadLettered: number;
  lost: number;
  duplicated: number;
}

/** A business registered by chat (while nothing fails yet), answering on its own routed number. */
export const businessOnNumber = async (stack: LocalStack, ownerPhone: string, number: string) => {
  const owner = participant(stack, ownerPhone);
  const registered = await owner.ask('!register Harbour Bakery');
  await owner.ask('!add We open at 7am and close at 6pm every day.');
  await owner.ask('!add A sourdough loaf costs $6.');
  const tenantId = stack.outbox.list().find((m) => m.text === registered)!.tenantId!;
  await putChannelRoute(stack.runtime.table, { channel: 'twilio', address: number, tenantId });
  return tenantId;
};

/**
 * Sends one question from each of `customers` distinct customers to `number`, every webhook
 * delivered twice (providers redeliver), retrying a webhook that did not answer 200 as Twilio
 * retries a failed delivery. Waits until the queues are idle, then counts per customer the
 * replies that reached the provider (`delivered`) and the dead letters.
 */
export const runInboundUnderFault = async (
  stack: LocalStack,
  input: { number: string; customers: number; prefix: string; delivered: (to: string) => number },
): Promise<FaultOutcome> => {
  const froms = Array.from(
    { length: input.customers },
    (_, n) => `whatsapp:+1${input.prefix}${String(n).padStart(4, '0')}`,
  );
  const accepted = new Set<string>();
  await Promise.all(
    froms.map(async (from) => {
      const messageSid = newMessageSid();
      for (let delivery = 0; delivery < 2; delivery++) {
        for (let attempt = 0; attempt < 4; attempt++) {
          const posted = await postTwilioMessage(stack.url, LOCAL_TWILIO_AUTH_TOKEN, {
            from,
            to: input.number,
            body: 'When do you open and how much is a sourdough loaf?',
            messageSid,
          });
          if (posted.status === 200) {
            accepted.add(from);
            break;
          }
        }
      }
    }),
  );
  await stack.idle();
  const deadFrom = new Set(
    stack.deadLetters
      .list()
      .filter((letter) => letter.queue.startsWith('answer'))
      .map((letter) => (JSON.parse(letter.body) as { from: string }).from),
  );
  let answered = 0;
  let deadLettered = 0;
  let lost = 0;
  let duplicated = 0;
  for (const from of froms) {
    const replies = input.delivered(from);
    if (replies >= 1) answered++;
    if (replies > 1) duplicated++;
    if (replies === 0 && deadFrom.has(from)) deadLettered++;
    // A webhook that was never accepted is lost too: the provider gave up on us.
    if ((replies === 0 && !deadFrom.has(from)) || !accepted.has(from)) lost++;
  }
  return { messages: froms.length, answered, deadLettered, lost, duplicated };
};

/** Counts the outbox entries addressed to `to`. */
export const outboxDeliveries = (stack: LocalStack) => (to: string) =>
  stack.outbox.list().filter((m) => m.to === to).length;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
  });

/**
 * The part of Twilio's REST API the real sender uses (create a Message). `refuse` decides, per
 * request, whether to answer an error status instead of accepting; accepted messages are kept.
 */
export const startFakeTwilioApi = async (refuse: (to: string, attempt: number) => number | undefined) => {
  const accepted: Array<{ to: string; body: string }> = [];
  const attempts = new Map<string, number>();
  let refused = 0;
  const server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
    const to = form.get('To') ?? '';
    const attempt = (attempts.get(to) ?? 0) + 1;
    attempts.set(to, attempt);
    const status = refuse(to, attempt);
    if (status) {
      refused++;
      res.writeHead(status, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ code: status === 429 ? 20429 : 20500, message: 'refused', status }),
      );
    }
    accepted.push({ to, body: form.get('Body') ?? '' });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sid: `SM${String(accepted.length).padStart(32, '0')}`,
        account_sid: match[1],
        to,
        from: form.get('From'),
        body: form.get('Body'),
        status: 'queued',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/**
 * Makes DynamoDB calls fail as a throttled or crashed process would: `fail(input, n)` sees each
 * command's input (n counts every call) and returns the error to throw, if any. At the
 * `deserialize` step the SDK's own retries see the error; at `initialize` the caller does.
 */
export const injectDynamoFaults = (
  table: Table,
  step: 'initialize' | 'deserialize',
  fail: (input: Record<string, unknown>, n: number) => Error | undefined,
) => {
  let calls = 0;
  let thrown = 0;
  const name = `fault-${step}-${Math.random()}`;
  table.client.middlewareStack.add(
    (next) => async (args) => {
      const error = fail(args.input as Record<string, unknown>, ++calls);
      if (error) {
        thrown++;
        throw error;
      }
      return next(args);
    },
    { step: step as 'initialize', name },
  );
  return {
    thrown: () => thrown,
    remove: () => table.client.middlewareStack.remove(name),
  };
};

/** The error DynamoDB answers when a table is throttled, as the SDK surfaces it. */
export const throughputExceeded = () =>
  Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

export const formatOutcome = (name: string, outcome: FaultOutcome) =>
  `[faults] ${name.padEnd(26)} messages=${outcome.messages} answered=${outcome.answered} dlq=${outcome.deadLettered} lost=${outcome.lost} duplicated=${outcome.duplicated}`;
