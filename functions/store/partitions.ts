import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, Table } from './client.js';
import type { ItemKey } from './keys.js';

/**
 * Whole partitions and index pages, for the data-rights work that must see everything a business
 * or a customer owns (export, erase, delete). Partition keys come from `keys.ts`.
 */
export const allItemsOf = async (table: Table, pk: string): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every item of one gsi1 partition (a business's routes, conversations or chunks). */
export const allIndexItemsOf = async (table: Table, gsi1pk: string): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Deletes items by key, 25 at a time, re-sending what DynamoDB leaves unprocessed. */
export const deleteItems = async (table: Table, itemKeys: readonly ItemKey[]): Promise<number> => {
  for (let i = 0; i < itemKeys.length; i += 25) {
    let pending = itemKeys.slice(i, i + 25).map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} deletes unprocessed after retries`);
      const { UnprocessedItems } = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: pending } }),
      );
      pending = (UnprocessedItems?.[table.name] ?? []) as typeof pending;
    }
  }
  return itemKeys.length;
};

export const keyOf = (item: Item): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });
