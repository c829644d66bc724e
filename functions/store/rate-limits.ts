import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * Counts one message from a customer in a fixed window and returns the count so far. A single
 * `ADD` update: atomic across concurrent workers, and the item expires with its window. The
 * message's id joins a set on the same item, so a retry of the same message (after a fault)
 * is not counted again and is not mistaken for a flood.
 */
export const countCustomerMessage = async (
  table: Table,
  input: { tenantId: string; customer: string; messageId: string; windowSeconds: number; now?: number },
): Promise<number> => {
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const windowStart = nowSeconds - (nowSeconds % input.windowSeconds);
  const Key = keys.customerRate(input.tenantId, input.customer, windowStart);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key,
        UpdateExpression: 'ADD messages :one, counted :ids SET expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(counted) OR NOT contains(counted, :id)',
        ExpressionAttributeValues: {
          ':one': 1,
          ':ids': new Set([input.messageId]),
          ':id': input.messageId,
          ':exp': expiresInDays(1),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.messages ?? 1);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.name, Key, ConsistentRead: true }),
    );
    return Number(Item?.messages ?? 1);
  }
};

/**
 * Counts one question in the console's test chat in the current minute and returns the count.
 * Each costs a search and, with a model, a model call: the plan caps them per minute.
 */
export const countTestChat = async (table: Table, tenantId: string, now = Date.now()): Promise<number> => {
  const nowSeconds = Math.floor(now / 1000);
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.testChatRate(tenantId, nowSeconds - (nowSeconds % 60)),
      UpdateExpression: 'ADD questions :one SET expiresAt = :exp',
      ExpressionAttributeValues: { ':one': 1, ':exp': expiresInDays(1) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.questions ?? 1);
};
