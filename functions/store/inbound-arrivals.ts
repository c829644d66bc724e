import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../platform/ids.js';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pages.js';

const prefixValues = (key: { pk: string; skPrefix: string }) => ({ ':pk': key.pk, ':prefix': key.skPrefix });

/**
 * What a webhook writes for an inbound message, in two calls: it claims the message (a conditional
 * write that a redelivery of the same message fails), queues it, and marks it queued. The record
 * is filed under the message's conversation as the webhook sees it (receiving address and
 * customer), so it is also the burst note: the worker asks "was a later message of this
 * conversation queued?" with one query, with no third write per message.
 *
 * The claim carries a lease: if the webhook dies between the claim and the queue, a redelivery
 * after the lease claims it again. A redelivery of a queued message is refused by the webhook
 * (and, if it ever got through, by the worker's reply claim).
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
 * Claims an inbound message for queueing. False when it was queued before, or another delivery
 * of it holds a live lease (a duplicate either way: acknowledge it, do not queue it).
 */
export const claimArrival = async (
  table: Table,
  arrival: Arrival,
  options: { leaseMs: number; ttlDays: number; now?: number },
): Promise<boolean> => {
  const now = options.now ?? Date.now();
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keyOf(arrival),
        UpdateExpression:
          'SET #state = :claimed, leaseUntil = :lease, receivedAt = :at, provider = :provider, providerMessageId = :id, expiresAt = if_not_exists(expiresAt, :exp)',
        // A queued record has no lease left, so only a crashed or released claim is taken again.
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':claimed': 'claimed',
          ':lease': now + options.leaseMs,
          ':now': now,
          ':at': arrival.receivedAt,
          ':provider': arrival.provider,
          ':id': arrival.providerMessageId,
          ':exp': expiresInDays(options.ttlDays, now),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

/** The message is on the queue: no redelivery queues it again, and bursts may count it. */
export const markArrivalQueued = async (
  table: Table,
  arrival: Omit<Arrival, 'receivedAt'>,
): Promise<void> => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keyOf(arrival),
      UpdateExpression: 'SET #state = :queued REMOVE leaseUntil',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':queued': 'queued' },
    }),
  );
};

/** Gives a claim back after a failure to queue, so the provider's retry is queued at once. */
export const releaseArrival = async (table: Table, arrival: Omit<Arrival, 'receivedAt'>): Promise<void> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keyOf(arrival),
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: '#state = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
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
