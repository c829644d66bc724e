import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../platform/ids.js';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/** A code sent to a new owner-alert address; only its hash is kept. */
export interface PendingAlertConfirmation {
  tenantId: string;
  codeHash: string;
  attempts: number;
  /** Epoch seconds; the table's TTL removes the item some time after. */
  expiresAt: number;
}

const addressKey = (address: string) => keys.alertConfirmation(sha256Hex(address.toLowerCase()));

export const hashConfirmationCode = (address: string, code: string): string =>
  sha256Hex(`${address.toLowerCase()}|${code}`);

/** One pending confirmation per address: a newer request replaces an older one. */
export const putAlertConfirmation = async (
  table: Table,
  address: string,
  pending: Omit<PendingAlertConfirmation, 'attempts'>,
): Promise<void> => {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...addressKey(address), ...pending, attempts: 0 } }),
  );
};

export const getAlertConfirmation = async (
  table: Table,
  address: string,
): Promise<PendingAlertConfirmation | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: addressKey(address), ConsistentRead: true }),
  );
  if (!Item || Number(Item.expiresAt) * 1000 <= Date.now()) return undefined;
  return {
    tenantId: Item.tenantId,
    codeHash: Item.codeHash,
    attempts: Number(Item.attempts ?? 0),
    expiresAt: Number(Item.expiresAt),
  };
};

/** Counts a wrong code; the caller stops accepting codes past its limit. */
export const countFailedConfirmation = async (table: Table, address: string): Promise<void> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: addressKey(address),
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    // Confirmed or replaced meanwhile: nothing left to count against.
    if (!isConditionalCheckFailed(error)) throw error;
  }
};

export const deleteAlertConfirmation = async (table: Table, address: string): Promise<void> => {
  await table.client.send(new DeleteCommand({ TableName: table.name, Key: addressKey(address) }));
};

/** Adds `n` codes to the tenant's count for today and returns the day's total. */
export const countConfirmationCodes = async (table: Table, tenantId: string, n: number): Promise<number> => {
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertCodesSent(tenantId, new Date().toISOString().slice(0, 10)),
      UpdateExpression: 'ADD codes :n SET expiresAt = :exp',
      ExpressionAttributeValues: { ':n': n, ':exp': expiresInDays(2) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.codes ?? n);
};
