import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../platform/ids.js';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pages.js';

const prefixValues = (key: { pk: string; skPrefix: string }) => ({ ':pk': key.pk, ':prefix': key.skPrefix });

/**
 * What a webhook writes for an inbound message once it is on the queue, in one call: a note filed
 * under the message's conversation as the webhook sees it (receiving address and customer). It is
 * the burst note (the worker asks "was a later message of this conversation queued?" with one
 * query) and tells the webhook that a delivery is a redelivery (the note exists already). It does
 * not stop the redelivery from being queued: the queue's deduplication id (five minutes) and the
 * worker's reply claim do (`conversation/reply-claim.ts`), so nothing written here can lose a
 * message whose webhook died halfway.
 */

/** A conversation as the webhooks see it: provider, receiving address and customer, hashed. */
export const arrivalGroupOf = (message: { provider: string; to: string; from: string }): string =>
  sha256Hex(`${message.provider}|${message.to}|${message.from}`);

/** The record's key within its conversation: the provider's message id, hashed. */
export const arrivalKeyOf = (message: { provider: string; providerMessageId: string }): string =>
  sha256Hex(`${message.provider}:${message.providerMessageId}`);

export interface Arrival {
  provider: string;
  providerMessageId: string;
  to: string;
  from: string;
  receivedAt: string;
}

const keyOf = (arrival: Omit<Arrival, 'receivedAt'>) =>
  keys.inboundArrival(arrivalGroupOf(arrival), arrivalKeyOf(arrival));

/**
 * Notes a message that is on the queue. False when a delivery of it was noted before (a
 * redelivery: the queue or the worker drops it).
 */
export const noteArrivalQueued = async (
  table: Table,
  arrival: Arrival,
  options: { ttlDays: number; now?: number },
): Promise<boolean> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keyOf(arrival),
          state: 'queued',
          receivedAt: arrival.receivedAt,
          provider: arrival.provider,
          providerMessageId: arrival.providerMessageId,
          expiresAt: expiresInDays(options.ttlDays, options.now),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

/**
 * The newest message of the conversation queued at or after `arrival` (other than itself), if any:
 * one query over the conversation's records of the dedupe window, reading only the queued ones
 * that arrived no earlier.
 */
export const latestQueuedAfter = async (
  table: Table,
  arrival: Arrival,
): Promise<{ provider: string; providerMessageId: string; receivedAt: string } | undefined> => {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: '#state = :queued AND receivedAt >= :at',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ...prefixValues(keys.inboundArrivalPrefix(arrivalGroupOf(arrival))),
      ':queued': 'queued',
      ':at': arrival.receivedAt,
    },
    ProjectionExpression: 'provider, providerMessageId, receivedAt',
    ConsistentRead: true,
  });
  let latest: { provider: string; providerMessageId: string; receivedAt: string } | undefined;
  for (const item of items) {
    if (item.provider === arrival.provider && item.providerMessageId === arrival.providerMessageId) continue;
    if (!latest || String(item.receivedAt) > latest.receivedAt) {
      latest = {
        provider: String(item.provider),
        providerMessageId: String(item.providerMessageId),
        receivedAt: String(item.receivedAt),
      };
    }
  }
  return latest;
};
