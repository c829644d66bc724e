import type { Item, Table } from './client.js';
import type { ItemKey } from './keys.js';
import { queryAll, writeInBatches } from './pages.js';

/**
 * Whole partitions and index pages, for the data-rights work that must see everything a business
 * or a customer owns (export, erase, delete). Partition keys come from `keys.ts`.
 */
export const allItemsOf = (table: Table, pk: string): Promise<Item[]> =>
  queryAll(table, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ConsistentRead: true,
  });

/** Every item of one gsi1 partition (a business's routes, conversations or chunks). */
export const allIndexItemsOf = (table: Table, gsi1pk: string): Promise<Item[]> =>
  queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gsi1pk },
  });

/** Deletes items by key, in batches. */
export const deleteItems = async (table: Table, itemKeys: readonly ItemKey[]): Promise<number> => {
  await writeInBatches(
    table,
    itemKeys.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
  );
  return itemKeys.length;
};

export const keyOf = (item: Item): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });
