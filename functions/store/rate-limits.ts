import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * Counts one message from a customer in a fixed window and returns the count so far. A single
 * `ADD` update: atomic across concurrent workers, and the item expires with its window.
 */
export const countCustomerMessage = async (
  table: Table,
  input: { tenantId: string; customer: string; windowSeconds: number; now?: number },
): Promise<number> => {
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const windowStart = nowSeconds - (nowSeconds % input.windowSeconds);
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.customerRate(input.tenantId, input.customer, windowStart),
      UpdateExpression: 'ADD messages :one SET expiresAt = :exp',
      ExpressionAttributeValues: { ':one': 1, ':exp': expiresInDays(1) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.messages ?? 1);
};
