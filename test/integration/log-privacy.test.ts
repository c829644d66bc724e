import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../functions/composition/runtime.js';
import type { OutboundMessage } from '../../functions/contracts/messages.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';

const TABLE = 'log-privacy-test';
const REGION = 'eu-west-1';
const CUSTOMER = '+447700900777';
const TEXT = 'My card ends 4242, can I book a table for Friday?';

let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
const runtimes: Runtime[] = [];
let tenantId: string;

/**
 * The answer worker of one stage at one log level, against dynalite, with an in-memory sender.
 * Modules are loaded afresh, so the Logger reads POWERTOOLS_LOG_LEVEL as it does in Lambda.
 */
const workerFor = async (stage: string, level: 'INFO' | 'DEBUG' = 'INFO') => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', level);
  vi.resetModules();
  const { loadConfig } = await import('../../functions/platform/config.js');
  const { createRuntime } = await import('../../functions/composition/runtime.js');
  const { createAnswerWorkerHandler } = await import('../../functions/answer-worker/app.js');
  vi.unstubAllEnvs();
  const runtime = createRuntime(
    loadConfig({ STAGE: stage, TABLE_NAME: TABLE, AWS_REGION: REGION, BURST_WINDOW_MS: '0' }),
    {
      dynamo: { endpoint: dynamo.endpoint, credentials: LOCAL_AWS_CREDENTIALS },
      answerQueue: { send: async () => undefined },
      senders: { twilio: { send: async (_m: OutboundMessage) => ({ providerMessageIds: ['SMout'] }) } },
    },
  );
  runtimes.push(runtime);
  return { runtime, handler: createAnswerWorkerHandler(runtime) };
};

const sampleRecord = JSON.parse(
  readFileSync(new URL('../../events/sqs-answer-fifo-batch.json', import.meta.url), 'utf8'),
).Records[0];

/** A one-record batch from the customer to the tenant's routed number. */
const eventFor = (providerMessageId: string): SQSEvent => ({
  Records: [
    {
      ...sampleRecord,
      messageId: providerMessageId,
      body: JSON.stringify({
        provider: 'twilio',
        channel: 'sms',
        providerMessageId,
        from: CUSTOMER,
        to: '+14155550100',
        text: TEXT,
        receivedAt: new Date().toISOString(),
        tenantId,
      }),
    },
  ],
});

/** Runs the handler and returns the JSON lines it printed. */
const logLinesOf = async (run: () => Promise<unknown>) => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { raw: lines.join('\n'), json };
};

beforeAll(async () => {
  dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName: TABLE, region: REGION });
  const { runtime } = await workerFor('dev');
  const { createTenant } = await import('../../functions/store/tenants.js');
  ({ tenantId } = await createTenant(runtime.table, { name: 'Luigi Pizza', codeFor: () => 'LUIGI' }));
});
afterAll(async () => {
  for (const runtime of runtimes) runtime.table.client.destroy();
  await dynamo?.close();
});

describe('the answer worker logs one message', () => {
  it('masks the phone number and the text at INFO, and tags every line with the message id and tenant', async () => {
    const { handler } = await workerFor('dev', 'INFO');

    const { raw, json } = await logLinesOf(() =>
      handler(eventFor('SMinfo000000000000000000000000001'), localLambdaContext('answer-worker')),
    );

    const answering = json.find((l) => l.message === 'answering message');
    expect(answering).toMatchObject({
      level: 'INFO',
      from: '+4477***0777',
      text: expect.stringMatching(/^\[text: 49 chars, sha256 [0-9a-f]{10}\]$/),
      correlation_id: 'SMinfo000000000000000000000000001',
      tenantId,
    });
    expect(raw).not.toContain(CUSTOMER);
    expect(raw).not.toContain('4242');
    const messageLines = json.filter((l) => l.correlation_id === 'SMinfo000000000000000000000000001');
    expect(messageLines.length).toBeGreaterThan(1);
    for (const line of messageLines) expect(line.tenantId).toBe(tenantId);
  });

  it('shows the message as it is on a DEBUG line outside production', async () => {
    const { handler } = await workerFor('dev', 'DEBUG');

    const { json } = await logLinesOf(() =>
      handler(eventFor('SMdebug00000000000000000000000001'), localLambdaContext('answer-worker')),
    );

    expect(json.find((l) => l.message === 'message as received')).toMatchObject({
      level: 'DEBUG',
      from: CUSTOMER,
      text: TEXT,
    });
    // The INFO line of the same invocation stays masked.
    expect(json.find((l) => l.message === 'answering message')).toMatchObject({ from: '+4477***0777' });
  });

  it('keeps even DEBUG lines masked in production', async () => {
    const { handler } = await workerFor('prod', 'DEBUG');

    const { raw, json } = await logLinesOf(() =>
      handler(eventFor('SMprod000000000000000000000000001'), localLambdaContext('answer-worker')),
    );

    expect(json.find((l) => l.message === 'message as received')).toMatchObject({
      level: 'DEBUG',
      from: '+4477***0777',
      text: expect.stringMatching(/^\[text: /),
    });
    expect(raw).not.toContain(CUSTOMER);
    expect(raw).not.toContain(TEXT);
  });
});
