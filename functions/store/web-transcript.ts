import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../platform/ids.js';
import { expiresInDays, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/** Who said a line of a web chat: the visitor, the assistant, or a person of the business. */
export type WebAuthor = 'visitor' | 'assistant' | 'person';

/** One line of a visitor's chat as the widget shows it (and as a poll or a socket frame carries it). */
export interface WebEntry {
  /** The poll cursor of this line: lines after it are newer. */
  id: string;
  author: WebAuthor;
  text: string;
  at: string;
}

const entryOf = (item: Record<string, unknown>): WebEntry => ({
  id: String(item.cursor),
  author: item.author as WebAuthor,
  text: String(item.text),
  at: String(item.at),
});

const putEntry = async (
  table: Table,
  input: { tenantId: string; visitorId: string; author: WebAuthor; text: string; ttlDays: number },
): Promise<WebEntry> => {
  const at = new Date().toISOString();
  const id = newId();
  const key = keys.webEntry(input.tenantId, input.visitorId, at, id);
  const cursor = key.sk.slice('ENTRY#'.length);
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...key,
        type: 'web-entry',
        cursor,
        author: input.author,
        text: input.text,
        at,
        expiresAt: expiresInDays(input.ttlDays),
      },
    }),
  );
  return { id: cursor, author: input.author, text: input.text, at };
};

/** The visitor's own message, kept so a reload shows the whole conversation. */
export const appendVisitorMessage = (
  table: Table,
  input: { tenantId: string; visitorId: string; text: string; ttlDays: number },
): Promise<WebEntry> => putEntry(table, { ...input, author: 'visitor' });

/**
 * A reply to the visitor, stored once under its id: a retried send finds the mark and stores
 * nothing again (and says so, so the sender does not post it twice either).
 */
export const storeReplyOnce = async (
  table: Table,
  input: {
    tenantId: string;
    visitorId: string;
    replyId: string;
    author: WebAuthor;
    text: string;
    ttlDays: number;
  },
): Promise<WebEntry | undefined> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.webReplySent(input.tenantId, input.visitorId, input.replyId),
          expiresAt: expiresInDays(input.ttlDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
  return putEntry(table, input);
};

/** Lines after `cursor` (all of them without one), oldest first, at most `limit`. */
export const webEntriesAfter = async (
  table: Table,
  input: { tenantId: string; visitorId: string; cursor?: string; limit?: number },
): Promise<WebEntry[]> => {
  const { pk, skPrefix } = keys.webEntryPrefix(input.tenantId, input.visitorId);
  const limit = input.limit ?? 100;
  if (input.cursor) {
    const [at, id] = splitCursor(input.cursor);
    const { Items = [] } = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :end',
        ExpressionAttributeValues: {
          ':pk': pk,
          // The cursor's own line is the lower bound (BETWEEN is inclusive): dropped below.
          ':after': keys.webEntrySortKey(at, id),
          ':end': `${skPrefix}\uffff`,
        },
        Limit: limit + 1,
      }),
    );
    return Items.map(entryOf)
      .filter((entry) => entry.id !== input.cursor)
      .slice(0, limit);
  }
  // The newest lines, oldest first: what a page shows after a reload.
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.reverse().map(entryOf);
};

/** A cursor is `<iso time>#<id>`, as the entry's sort key holds them. */
const splitCursor = (cursor: string): [string, string] => {
  const at = cursor.slice(0, cursor.lastIndexOf('#'));
  const id = cursor.slice(cursor.lastIndexOf('#') + 1);
  return [at, id];
};
