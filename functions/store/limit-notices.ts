import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/** A limit of the business's plan that was reached in one calendar month. */
export type LimitKind = 'budget' | 'messages' | 'knowledge';

/**
 * True only the first time a limit is reached in a month: one conditional put, so the owner is
 * told once however many workers hit the limit at the same moment. Kept about two months.
 */
export const firstTimeLimitReached = async (
  table: Table,
  tenantId: string,
  kind: LimitKind,
  month: string,
): Promise<boolean> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.limitNotice(tenantId, kind, month),
          at: new Date().toISOString(),
          expiresAt: Math.floor(Date.now() / 1000) + 62 * 24 * 3600,
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
