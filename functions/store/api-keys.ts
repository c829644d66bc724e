import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../platform/ids.js';
import type { Table } from './client.js';
import { keys } from './keys.js';

/** A tenant's admin API key. Only its SHA-256 is stored; the key itself is shown once. */
export const issueApiKey = async (table: Table, tenantId: string): Promise<string> => {
  const apiKey = `fd_${randomBytes(24).toString('base64url')}`;
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.apiKey(sha256Hex(apiKey)),
        tenantId,
        hint: `${apiKey.slice(0, 7)}…`,
        createdAt: new Date().toISOString(),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return apiKey;
};

export const tenantOfApiKey = async (table: Table, apiKey: string): Promise<string | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.apiKey(sha256Hex(apiKey)) }),
  );
  return Item?.tenantId as string | undefined;
};

export const revokeApiKey = async (table: Table, apiKey: string): Promise<void> => {
  await table.client.send(new DeleteCommand({ TableName: table.name, Key: keys.apiKey(sha256Hex(apiKey)) }));
};
