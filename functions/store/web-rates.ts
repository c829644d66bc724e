import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * Counts one web-chat request against one counter of a business and returns the count so far:
 * a single atomic `ADD`, so concurrent requests each see their own number. The item expires
 * after its window (a day at most).
 *
 * @example
 * await countWebRequest(table, { tenantId, scope: 'visitor', subject: visitorId, windowSeconds: 60 })
 */
export const countWebRequest = async (
  table: Table,
  input: {
    tenantId: string;
    scope: 'visitor' | 'address' | 'day';
    subject: string;
    windowSeconds: number;
    now?: number;
  },
): Promise<number> => {
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const windowStart = nowSeconds - (nowSeconds % input.windowSeconds);
  const window =
    input.scope === 'day' ? new Date(windowStart * 1000).toISOString().slice(0, 10) : String(windowStart);
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.webRate(input.tenantId, input.scope, input.subject, window),
      UpdateExpression: 'ADD requests :one SET expiresAt = :exp',
      ExpressionAttributeValues: { ':one': 1, ':exp': expiresInDays(2) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.requests ?? 1);
};
