import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from './client.js';

/**
 * Gives a lease back early: its expiry becomes 0 while the item is still in `heldState`, so the
 * next attempt (a retry, the provider's redelivery) may take it at once. An item that moved on in
 * the meantime (done, or taken by another attempt) is left as it is.
 */
export const giveLeaseBack = async (
  table: Table,
  key: { pk: string; sk: string },
  heldState: string,
): Promise<void> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: '#state = :held',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':held': heldState, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
};
