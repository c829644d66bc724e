import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

export interface DynamoUsage {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Items returned by reads (a `GetItem` that found one counts 1, a `Query` its `Count`). */
  itemsRead: number;
  /** Calls per command and key shape (`UpdateItemCommand TENANT#/USAGE#`): which item each call touches. */
  byItem: Record<string, number>;
}

/** `TENANT#t1` -> `TENANT#`, `USAGE#2026-11` -> `USAGE#`: the kind of key, not the tenant's data. */
const shapeOf = (value: unknown): string =>
  typeof value === 'string' ? (/^[A-Z_]+#/.exec(value)?.[0] ?? value.replace(/[^A-Z_#].*$/, '')) : '?';

const keyShapeOf = (key: Record<string, unknown>): string => `${shapeOf(key.pk)}/${shapeOf(key.sk)}`;

/** The items a batch touches, by key shape and sorted: `batch[TENANT#/KNOWLEDGE, TENANT#/PROFILE]`. */
const batchShapeOf = (requestItems: Record<string, unknown[]>): string => {
  const shapes = Object.values(requestItems).flatMap((entry) => {
    if (!Array.isArray(entry))
      return ((entry as { Keys?: Record<string, unknown>[] }).Keys ?? []).map(keyShapeOf);
    return entry.map((request) => {
      const r = request as {
        PutRequest?: { Item: Record<string, unknown> };
        DeleteRequest?: { Key: Record<string, unknown> };
      };
      return r.PutRequest
        ? `put ${keyShapeOf(r.PutRequest.Item)}`
        : `delete ${keyShapeOf(r.DeleteRequest?.Key ?? {})}`;
    });
  });
  return `batch[${shapes.sort().join(', ')}]`;
};

const itemShapeOf = (input: Record<string, unknown>): string => {
  const key = (input.Key ?? input.Item) as Record<string, unknown> | undefined;
  if (input.KeyConditionExpression) {
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    return `query ${shapeOf(values[':pk'])}`;
  }
  if (input.RequestItems) return batchShapeOf(input.RequestItems as Record<string, unknown[]>);
  return key ? keyShapeOf(key) : '?';
};

/**
 * Counts every DynamoDB call a client makes and the request units it consumes, by asking for
 * `ReturnConsumedCapacity: TOTAL` on each data call (dynalite computes it as DynamoDB does:
 * 1 KB per write unit, 4 KB per read unit, half for eventually consistent reads). A refused
 * conditional write still costs a write unit in DynamoDB, so it is counted as one.
 */
export const meterDynamo = (client: DynamoDBDocumentClient) => {
  let usage: DynamoUsage = { calls: {}, readUnits: 0, writeUnits: 0, itemsRead: 0, byItem: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const isRead = READS.has(command);
      const isWrite = WRITES.has(command);
      usage.calls[command] = (usage.calls[command] ?? 0) + 1;
      const item = `${command} ${itemShapeOf(args.input as Record<string, unknown>)}`;
      usage.byItem[item] = (usage.byItem[item] ?? 0) + 1;
      if (isRead || isWrite) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : [consumed]).reduce(
          (sum: number, c) => sum + ((c as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0),
          0,
        );
        if (isRead) {
          usage.readUnits += units;
          usage.itemsRead += itemsIn(result.output as Record<string, unknown>);
        }
        if (isWrite) usage.writeUnits += units;
        return result;
      } catch (error) {
        if (isWrite && error instanceof Error && error.name === 'ConditionalCheckFailedException') {
          usage.writeUnits += 1;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'benchDynamoMeter' },
  );
  return {
    /** Usage since the last reset. */
    read: (): DynamoUsage => ({ ...usage, calls: { ...usage.calls }, byItem: { ...usage.byItem } }),
    reset: () => {
      usage = { calls: {}, readUnits: 0, writeUnits: 0, itemsRead: 0, byItem: {} };
    },
  };
};

export const totalCalls = (usage: DynamoUsage): number =>
  Object.values(usage.calls).reduce((sum, n) => sum + n, 0);

const itemsIn = (output: Record<string, unknown>): number => {
  if (typeof output.Count === 'number') return output.Count;
  if (output.Item) return 1;
  const responses = output.Responses as Record<string, unknown[]> | undefined;
  return Object.values(responses ?? {}).reduce((sum, items) => sum + items.length, 0);
};
