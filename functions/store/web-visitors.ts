import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * An anonymous visitor of a business's website: nothing identifies them but a random id, unless
 * they leave a name or an e-mail for follow-up.
 */
export interface WebVisitor {
  tenantId: string;
  visitorId: string;
  /** The page the conversation started on (origin and path; the query is dropped). */
  startedOn: string;
  startedAt: string;
  name?: string;
  email?: string;
}

export const putWebVisitor = async (table: Table, visitor: WebVisitor, ttlDays: number): Promise<void> => {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.webVisitor(visitor.tenantId, visitor.visitorId),
        type: 'web-visitor',
        ...visitor,
        expiresAt: expiresInDays(ttlDays),
      },
    }),
  );
};

export const getWebVisitor = async (
  table: Table,
  tenantId: string,
  visitorId: string,
): Promise<WebVisitor | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.webVisitor(tenantId, visitorId),
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const { tenantId: t, visitorId: v, startedOn, startedAt, name, email } = Item;
  return { tenantId: t, visitorId: v, startedOn, startedAt, name, email };
};
