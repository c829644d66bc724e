import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Item, Table } from './client.js';

/** A query without the table and the page cursor, which `queryAll` fills in. */
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/**
 * Every item a query matches, page after page (DynamoDB returns at most 1 MB per page). With
 * `maxPages`, the read stops there: for lists a person looks at, where an unbounded partition
 * must not become an unbounded read.
 */
export const queryAll = async (
  table: Table,
  input: QueryInput,
  options: { maxPages?: number } = {},
): Promise<Item[]> => {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  let pages = 0;
  do {
    const page = await table.client.send(
      new QueryCommand({ ...input, TableName: table.name, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
    pages++;
  } while (ExclusiveStartKey && pages < (options.maxPages ?? Number.POSITIVE_INFINITY));
  return items;
};

/** The items of partition `pk` whose sort key starts with `skPrefix`, in sort-key order. */
export const queryPrefix = (
  table: Table,
  key: { pk: string; skPrefix: string },
  options: { maxPages?: number; consistentRead?: boolean } = {},
): Promise<Item[]> =>
  queryAll(
    table,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': key.pk, ':prefix': key.skPrefix },
      ...(options.consistentRead ? { ConsistentRead: true } : {}),
    },
    options,
  );

type WriteRequest = NonNullable<
  NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]
>[number];

const BATCH_WRITE_LIMIT = 25;
const BATCH_WRITE_ATTEMPTS = 9;

/** BatchWrite in groups of 25, re-sending what DynamoDB leaves unprocessed with a short backoff. */
export const writeInBatches = async (table: Table, requests: readonly WriteRequest[]): Promise<void> => {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_LIMIT) {
    let pending: WriteRequest[] = requests.slice(i, i + BATCH_WRITE_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt >= BATCH_WRITE_ATTEMPTS)
        throw new Error(`DynamoDB left ${pending.length} writes unprocessed after retries`);
      const { UnprocessedItems } = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: pending } }),
      );
      pending = UnprocessedItems?.[table.name] ?? [];
    }
  }
};
