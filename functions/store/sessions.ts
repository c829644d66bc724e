import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/** How long a customer's `!business` choice on a shared number sticks without activity. */
const SESSION_DAYS = 30;

export interface SessionAddress {
  channel: string;
  /** The shared receiving address. */
  address: string;
  customer: string;
}

export const getSessionTenant = async (table: Table, at: SessionAddress): Promise<string | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.customerSession(at.channel, at.address, at.customer) }),
  );
  return Item?.tenantId as string | undefined;
};

export const setSessionTenant = async (table: Table, at: SessionAddress, tenantId: string): Promise<void> => {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.customerSession(at.channel, at.address, at.customer),
        tenantId,
        updatedAt: new Date().toISOString(),
        expiresAt: expiresInDays(SESSION_DAYS),
      },
    }),
  );
};

export const clearSession = async (table: Table, at: SessionAddress): Promise<void> => {
  await table.client.send(
    new DeleteCommand({
      TableName: table.name,
      Key: keys.customerSession(at.channel, at.address, at.customer),
    }),
  );
};
