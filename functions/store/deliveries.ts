import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

const DELIVERY_TTL_DAYS = 30;

/**
 * Status callbacks can arrive out of order (`sent` after `delivered`); a status only replaces
 * one of lower rank, so the record always shows the furthest state reached.
 */
const RANK: Record<string, number> = {
  accepted: 1,
  queued: 1,
  scheduled: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  undelivered: 6,
  failed: 6,
  canceled: 6,
};

export interface DeliveryUpdate {
  tenantId: string;
  provider: string;
  providerMessageId: string;
  status: string;
  errorCode?: string;
  to?: string;
}

/** Returns false when a later status was already recorded. */
export const recordDeliveryStatus = async (table: Table, update: DeliveryUpdate): Promise<boolean> => {
  const rank = RANK[update.status] ?? 0;
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.delivery(update.tenantId, update.provider, update.providerMessageId),
        UpdateExpression:
          'SET #status = :status, statusRank = :rank, errorCode = :errorCode, updatedAt = :at, recipient = :to, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(statusRank) OR statusRank <= :rank',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': update.status,
          ':rank': rank,
          ':errorCode': update.errorCode ?? null,
          ':at': new Date().toISOString(),
          ':to': update.to ?? null,
          ':exp': expiresInDays(DELIVERY_TTL_DAYS),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
