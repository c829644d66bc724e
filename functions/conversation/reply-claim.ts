import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { InboundMessage } from '../contracts/messages.js';
import { sha256Hex } from '../platform/ids.js';
import type { Table } from '../store/client.js';
import { keys } from '../store/keys.js';

/** The idempotency scope of "this inbound message was answered". */
export const REPLY_SCOPE = 'reply';

/** The claim key of one inbound message: its provider and the provider's message id, hashed. */
export const replyClaimKey = (message: Pick<InboundMessage, 'provider' | 'providerMessageId'>): string =>
  sha256Hex(`${message.provider}:${message.providerMessageId}`);

/** Whether the worker already finished answering this message. */
export const wasAnswered = async (
  table: Table,
  message: Pick<InboundMessage, 'provider' | 'providerMessageId'>,
): Promise<boolean> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.idempotency(REPLY_SCOPE, replyClaimKey(message)),
      ConsistentRead: true,
    }),
  );
  return Item?.state === 'completed';
};
