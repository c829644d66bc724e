/**
 * One answer worker as a process of its own, so a fault run can kill it for real (SIGKILL: no
 * catch, no finally, no lease given back). It answers the batches its parent hands it over IPC,
 * against the parent's local DynamoDB, and sends each reply by asking the parent, which plays
 * the provider: a reply reached the provider when the parent acknowledged it.
 *
 * Started by `answer-worker-host.ts` with `node --import tsx`; configuration in its environment,
 * `DYNAMO_ENDPOINT` naming the local stack's dynalite.
 */
import type { SQSEvent } from 'aws-lambda';
import { createAnswerWorkerHandler } from '../../functions/answer-worker/app.js';
import { createConversationRuntime } from '../../functions/composition/runtime.js';
import type { ChannelSender, OutboundMessage, SendResult } from '../../functions/contracts/messages.js';
import { loadConfig } from '../../functions/platform/config.js';
import { LOCAL_AWS_CREDENTIALS } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';

export type ToWorker =
  | { type: 'batch'; id: number; event: SQSEvent }
  | { type: 'sent'; id: number; result: SendResult };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'send'; id: number; message: OutboundMessage }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: string };

const send = (message: FromWorker) => process.send?.(message);

let nextSend = 0;
const waitingSends = new Map<number, (result: SendResult) => void>();
const parentAsProvider: ChannelSender = {
  send: (message) =>
    new Promise((resolve) => {
      const id = nextSend++;
      waitingSends.set(id, resolve);
      send({ type: 'send', id, message });
    }),
};

const config = loadConfig(process.env);
const runtime = createConversationRuntime(config, {
  dynamo: { endpoint: process.env.DYNAMO_ENDPOINT, credentials: LOCAL_AWS_CREDENTIALS },
  senders: { twilio: parentAsProvider, meta: parentAsProvider },
});
const handler = createAnswerWorkerHandler(runtime);

process.on('message', async (message: ToWorker) => {
  if (message.type === 'sent') {
    waitingSends.get(message.id)?.(message.result);
    waitingSends.delete(message.id);
    return;
  }
  try {
    const result = await handler(message.event, localLambdaContext('answer-worker'));
    send({ type: 'done', id: message.id, result });
  } catch (error) {
    send({ type: 'failed', id: message.id, error: String(error) });
  }
});
send({ type: 'ready' });
