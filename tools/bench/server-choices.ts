import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Runtime } from '../../functions/composition/runtime.js';
import { createSecretStore, type SecretStore } from '../../functions/platform/secrets.js';
import type { MessageQueue } from '../../functions/queue/answer-queue.js';
import { createTable } from '../../functions/store/client.js';
import { createTwilioWebhookHandler } from '../../functions/twilio-webhook/app.js';
import { LOCAL_AWS_CREDENTIALS } from '../../local-stack/dynamo.js';
import { choice, type DesignChoice } from './design-choice.js';
import { startFakeSsm } from './fake-ssm.js';
import { TWILIO_AUTH_TOKEN } from './fixtures.js';
import { compareP50, type HttpHandler, type twilioMessageEvent } from './webhook.js';

/**
 * Server-side choices measured on the Twilio webhook itself: the auth token read through the
 * cached provider vs an SSM call per request (against a loopback fake SSM), and clients built
 * once per process vs per request.
 */
export const measureServerChoices = async (
  runtime: Runtime,
  handler: HttpHandler,
  inbound: (i: number) => ReturnType<typeof twilioMessageEvent>,
): Promise<DesignChoice[]> => {
  const runs = 300;
  // Customers of their own (the live stack's messages use 0 to 4,999): these webhooks note
  // arrivals too, and a later note in a customer's conversation would make the answer worker
  // defer that customer's queued message as part of a burst.
  let n = 50_000;
  const next = () => inbound(n++);
  const ssm = await startFakeSsm({ '/frontdesk/bench/TWILIO_AUTH_TOKEN': TWILIO_AUTH_TOKEN });
  try {
    const provider = new SSMProvider({
      clientConfig: {
        endpoint: ssm.endpoint,
        region: runtime.config.region,
        credentials: LOCAL_AWS_CREDENTIALS,
      },
    });
    const ssmConfig = { ...runtime.config, secrets: {}, secretsPath: '/frontdesk/bench/' };
    const cached = createSecretStore(ssmConfig, provider);
    const perRequest: SecretStore = {
      get: async (name) => provider.get(`/frontdesk/bench/${name}`, { decrypt: true, forceFetch: true }),
    };
    const withSecrets = (secrets: SecretStore) =>
      createTwilioWebhookHandler({
        ...runtime,
        secrets,
        answerQueue: { send: async () => {} },
      }) as HttpHandler;
    const cachedHandler = withSecrets(cached);
    const perRequestHandler = withSecrets(perRequest);
    await compareP50(
      () => perRequestHandler,
      () => cachedHandler,
      next,
      20,
      'twilio-webhook',
    );
    const secrets = await compareP50(
      () => perRequestHandler,
      () => cachedHandler,
      next,
      runs,
      'twilio-webhook',
    );

    const endpoint = await runtime.table.client.config.endpoint?.();
    const dynamoUrl = endpoint ? `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}` : undefined;
    // As a naive handler would: the table client (and its connection) made inside the handler.
    const perCallHandler = () =>
      createTwilioWebhookHandler({
        ...runtime,
        table: createTable(runtime.table.name, {
          region: runtime.config.region,
          endpoint: dynamoUrl,
          credentials: LOCAL_AWS_CREDENTIALS,
        }),
        answerQueue: { send: async () => {} },
      }) as HttpHandler;
    const clients = await compareP50(perCallHandler, () => handler, next, runs, 'twilio-webhook');

    // The accept pipeline before this round: a conditional claim (with a lease) before queueing,
    // then a write marking it queued. Modelled on today's handler: the claim is written as the
    // queue is called, and today's note is the mark. Both sides queue nowhere.
    const claimFirst: MessageQueue = {
      send: async (message) => {
        const now = Date.now();
        await runtime.table.client.send(
          new UpdateCommand({
            TableName: runtime.table.name,
            Key: { pk: `ARRIVAL#bench-claim`, sk: `MSG#${message.deduplicationId}` },
            UpdateExpression:
              'SET #state = :claimed, leaseUntil = :lease, expiresAt = if_not_exists(expiresAt, :exp)',
            ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':claimed': 'claimed',
              ':lease': now + 30_000,
              ':now': now,
              ':exp': Math.floor(now / 1000) + 8 * 86_400,
            },
          }),
        );
      },
    };
    const twoWrites = createTwilioWebhookHandler({ ...runtime, answerQueue: claimFirst }) as HttpHandler;
    const oneWrite = createTwilioWebhookHandler({
      ...runtime,
      answerQueue: { send: async () => {} },
    }) as HttpHandler;
    await compareP50(
      () => twoWrites,
      () => oneWrite,
      next,
      50,
      'twilio-webhook',
    );
    const pipeline = await compareP50(
      () => twoWrites,
      () => oneWrite,
      next,
      runs,
      'twilio-webhook',
    );
    const pipelineName =
      'Webhook accept pipeline: queue, then note the arrival (1 table write; the queue and the reply claim dedupe) vs claim, queue, mark queued (2 writes)';
    return [
      choice(
        pipelineName,
        'webhook p50 ms',
        'claim, queue, mark',
        pipeline.naiveMs,
        'queue, note',
        pipeline.chosenMs,
      ),
      choice(
        pipelineName,
        'webhook CPU ms per request',
        'claim, queue, mark',
        pipeline.naiveCpuMs,
        'queue, note',
        pipeline.chosenCpuMs,
      ),
      choice(
        'Twilio auth token: cached secrets provider (5 min) vs an SSM GetParameter per request (loopback fake SSM; real SSM adds a network round trip)',
        'webhook p50 ms',
        'SSM call per request',
        secrets.naiveMs,
        'cached provider',
        secrets.chosenMs,
      ),
      choice(
        'SDK clients: built once per process (module scope) vs per request',
        'webhook p50 ms',
        'new DynamoDB client per request',
        clients.naiveMs,
        'module-scope client',
        clients.chosenMs,
      ),
    ];
  } finally {
    await ssm.close();
  }
};
