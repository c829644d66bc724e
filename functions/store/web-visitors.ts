import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { fieldUpdates } from './field-updates.js';
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
        ...keys.webVisitorIndex(visitor.tenantId, visitor.visitorId),
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

/**
 * What a visitor chose to leave for a follow-up: a name, an e-mail, or both (an empty string
 * removes one). False when the visitor is gone (expired or erased).
 */
export const setWebVisitorContact = async (
  table: Table,
  input: { tenantId: string; visitorId: string; name?: string; email?: string },
): Promise<boolean> => {
  // A field left out stays as it is; one given empty is removed.
  const given = Object.fromEntries(
    (['name', 'email'] as const)
      .filter((field) => input[field] !== undefined)
      .map((field) => [field, input[field] || undefined]),
  );
  const { expression, names, values, changes } = fieldUpdates(given);
  if (changes === 0) return true;
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.webVisitor(input.tenantId, input.visitorId),
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
