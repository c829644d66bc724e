import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { InboundMessage } from '../contracts/messages.js';
import { sha256Hex } from '../platform/ids.js';

export interface QueueMessage {
  body: string;
  /** FIFO group: messages of one group are delivered in order, one batch at a time. */
  groupId: string;
  deduplicationId: string;
}

/** A FIFO queue: SQS in AWS, the in-process queue in the local stack. */
export interface MessageQueue {
  send(message: QueueMessage): Promise<void>;
}

export const createSqsQueue = (client: SQSClient, queueUrl: string): MessageQueue => ({
  async send({ body, groupId, deduplicationId }) {
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: groupId,
        MessageDeduplicationId: deduplicationId,
      }),
    );
  },
});

/**
 * Puts an inbound message on the answer queue. One conversation (tenant or shared number, plus
 * customer) is one FIFO group, so its messages are answered in order; the provider's message id
 * is the deduplication id. Both are hashed: SQS limits them to 128 characters and phone numbers
 * do not belong in queue metadata.
 */
export const enqueueInbound = (queue: MessageQueue, message: InboundMessage): Promise<void> =>
  queue.send({
    body: JSON.stringify(message),
    groupId: conversationGroupOf(message),
    deduplicationId: sha256Hex(`${message.provider}:${message.providerMessageId}`),
  });

/** One conversation as the queue sees it: the tenant (or shared number) and the customer, hashed. */
export const conversationGroupOf = (message: Pick<InboundMessage, 'tenantId' | 'to' | 'from'>): string =>
  sha256Hex(`${message.tenantId ?? `shared:${message.to}`}|${message.from}`);
