import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { giveLeaseBack } from './leases.js';

/**
 * Claim-then-complete records with a lease, built on single-item conditional writes (dynalite
 * has no transactions); the same shape as Powertools idempotency, with keys from `keys.ts`.
 *
 * - `claimed`: this caller owns the work now; `progress` holds what an earlier attempt saved.
 * - `completed`: the work was done before; do nothing.
 * - `in-progress`: someone else holds a live lease; try again later.
 *
 * A lease that expired (its holder crashed) or was released can be claimed again, and the new
 * holder sees the saved progress, so work that must not happen twice (a reply sent) is skipped.
 */
export type ClaimResult =
  | { status: 'claimed'; progress: Record<string, unknown> }
  | { status: 'completed' }
  | { status: 'in-progress' };

export interface ClaimOptions {
  scope: string;
  key: string;
  leaseMs: number;
  /** How long the record (and so the dedupe) lives. */
  ttlDays: number;
  now?: number;
}

export const claim = async (table: Table, options: ClaimOptions): Promise<ClaimResult> => {
  const now = options.now ?? Date.now();
  const Key = keys.idempotency(options.scope, options.key);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key,
        UpdateExpression:
          'SET #state = :inProgress, leaseUntil = :lease, expiresAt = if_not_exists(expiresAt, :exp), attempts = if_not_exists(attempts, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':inProgress': 'in-progress',
          ':lease': now + options.leaseMs,
          ':now': now,
          ':exp': expiresInDays(options.ttlDays, now),
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { status: 'claimed', progress: (Attributes?.progress as Record<string, unknown>) ?? {} };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key, ConsistentRead: true }),
  );
  return Item?.state === 'completed' ? { status: 'completed' } : { status: 'in-progress' };
};

/** Saves what is done so far, for whoever holds the claim next. */
export const saveProgress = async (
  table: Table,
  scope: string,
  key: string,
  progress: Record<string, unknown>,
) => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.idempotency(scope, key),
      UpdateExpression: 'SET progress = :progress',
      ExpressionAttributeValues: { ':progress': progress },
    }),
  );
};

/**
 * Marks the work done. With `progress`, saves it in the same write: the last step of the work and
 * its completion are one single-item update, so they happen together or not at all (and cost one
 * round trip, not two).
 */
export const complete = async (
  table: Table,
  scope: string,
  key: string,
  progress?: Record<string, unknown>,
): Promise<void> => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.idempotency(scope, key),
      UpdateExpression: `SET #state = :completed, completedAt = :at${progress ? ', progress = :progress' : ''} REMOVE leaseUntil`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':completed': 'completed',
        ':at': new Date().toISOString(),
        ...(progress ? { ':progress': progress } : {}),
      },
    }),
  );
};

/** Ends a lease early after a failure, keeping the progress, so a retry can go on at once. */
export const release = (table: Table, scope: string, key: string): Promise<void> =>
  giveLeaseBack(table, keys.idempotency(scope, key), 'in-progress');
