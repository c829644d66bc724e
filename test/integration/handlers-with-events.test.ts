import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import { createRuntime, type Runtime } from '../../functions/composition/runtime.js';
import { InboundMessageSchema, type OutboundMessage } from '../../functions/contracts/messages.js';
import { loadConfig } from '../../functions/platform/config.js';
import type { QueueMessage } from '../../functions/queue/answer-queue.js';
import { createTwilioWebhookHandler } from '../../functions/twilio-webhook/app.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';

const sample = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));

let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
let runtime: Runtime;
const queued: QueueMessage[] = [];
const sent: OutboundMessage[] = [];

beforeAll(async () => {
  dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName: 'events-test', region: 'eu-west-1' });
  const config = loadConfig({
    TABLE_NAME: 'events-test',
    AWS_REGION: 'eu-west-1',
    PUBLIC_BASE_URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    TWILIO_AUTH_TOKEN: 'events-sample-auth-token',
  });
  runtime = createRuntime(config, {
    dynamo: { endpoint: dynamo.endpoint, credentials: LOCAL_AWS_CREDENTIALS },
    // The queue and the sender are this test's boundary: it reads what reached them.
    answerQueue: { send: async (m) => void queued.push(m) },
    senders: {
      twilio: {
        async send(message) {
          if (message.to === '+447700900456') throw new Error('Twilio 21610: the recipient has opted out');
          sent.push(message);
          return { providerMessageIds: [`SM${sent.length}`] };
        },
      },
    },
  });
});
afterAll(async () => {
  runtime?.table.client.destroy();
  await dynamo?.close();
});

describe('the Twilio webhook with the sample API Gateway event', () => {
  const handler = () => createTwilioWebhookHandler(runtime);

  it('verifies the base64 form body against the public URL and queues the message', async () => {
    const event = sample<APIGatewayProxyEventV2>('apigw-twilio-messaging.json');

    const result = await handler()(event, localLambdaContext('twilio-webhook'));

    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
    expect(result.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const message = InboundMessageSchema.parse(JSON.parse(queued.at(-1)!.body));
    expect(message).toMatchObject({
      provider: 'twilio',
      channel: 'whatsapp',
      providerMessageId: 'SM5f0e7c3a9b2d4e6f8a1c3e5d7b9f1a2c',
      from: 'whatsapp:+447700900123',
      to: 'whatsapp:+14155238886',
      text: 'What time do you open on Saturday? Thanks!',
      profileName: 'Zoë',
    });
    expect(queued.at(-1)!.groupId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses the same event with one byte of the body changed', async () => {
    const event = sample<APIGatewayProxyEventV2>('apigw-twilio-messaging.json');
    const body = Buffer.from(event.body!, 'base64').toString().replace('Saturday', 'Saturdax');
    const before = queued.length;

    const result = await handler()(
      { ...event, body: Buffer.from(body).toString('base64') },
      localLambdaContext('t'),
    );

    expect(result.statusCode).toBe(403);
    expect(queued.length).toBe(before);
  });

  it('refuses the event when it claims another public URL', async () => {
    const event = sample<APIGatewayProxyEventV2>('apigw-twilio-messaging.json');
    const result = await handler()({ ...event, rawQueryString: 'x=1' }, localLambdaContext('t'));
    expect(result.statusCode).toBe(403);
  });
});

describe('the answer worker with the sample SQS FIFO batch', () => {
  it('reports only the failed record, keeps group order, and answers the rest', async () => {
    const event = sample<SQSEvent>('sqs-answer-fifo-batch.json');
    const worker = createAnswerWorkerHandler(runtime);

    const response = (await worker(event, localLambdaContext('answer-worker'))) as SQSBatchResponse;

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    expect(sent.map((m) => m.to)).toEqual(['whatsapp:+447700900123', 'whatsapp:+447700900123']);
    expect(sent[0]!.text).toMatch(/many businesses/);
  });

  it('answers nothing twice when the same batch is delivered again', async () => {
    const event = sample<SQSEvent>('sqs-answer-fifo-batch.json');
    const worker = createAnswerWorkerHandler(runtime);
    const before = sent.length;

    const response = (await worker(event, localLambdaContext('answer-worker'))) as SQSBatchResponse;

    expect(sent.length).toBe(before);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
  });
});
