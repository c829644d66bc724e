import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { visitorIdOf } from '../channels/web/addresses.js';
import { phoneOf } from '../contracts/messages.js';
import { gapKeyOf } from '../insights/gaps.js';
import { HttpError } from '../platform/errors.js';
import type { Table } from '../store/client.js';
import { conversationIdOf, findConversation, listConversations } from '../store/conversations.js';
import { gapIdOf } from '../store/insights.js';
import { type ItemKey, keys } from '../store/keys.js';
import { allItemsOf, deleteItems, keyOf } from '../store/partitions.js';

export interface EraseResult {
  conversationId: string;
  erased: {
    turns: number;
    conversationRecords: number;
    gaps: number;
    sessions: number;
    /** A website visitor's record (a name or e-mail they left), transcript and open connections. */
    webRecords: number;
  };
}

/**
 * The conversation an owner names: its id, or the customer's number or address as shown in
 * Conversations (`+1555…` matches `whatsapp:+1555…` too).
 */
const conversationNamed = async (table: Table, tenantId: string, customer: string) => {
  if (/^[0-9a-f]{16}$/.test(customer)) return findConversation(table, tenantId, customer);
  const wanted = phoneOf(customer).replace(/[^\d+]/g, '');
  const all = await listConversations(table, tenantId);
  return (
    all.find((c) => c.conversationId === conversationIdOf(customer)) ??
    // A website visitor is named by their id (`v...`), as in the owner's alert.
    all.find((c) => phoneOf(c.customer) === customer) ??
    all.find((c) => wanted.length > 3 && phoneOf(c.customer).replace(/[^\d+]/g, '') === wanted)
  );
};

/**
 * Erases one customer of a business on request: every item of their conversation partition
 * (turns, state, messaging window, rate counters), the knowledge gaps their own questions opened
 * (a gap's id is the hash of its question, so their words find them), and their business choice
 * on the stage's shared numbers. Day-level insight counts hold no words and stay.
 */
export const eraseCustomer = async (
  deps: { table: Table; sharedNumbers: readonly string[] },
  tenantId: string,
  customer: string,
): Promise<EraseResult> => {
  const conversation = await conversationNamed(deps.table, tenantId, customer);
  if (!conversation) throw new HttpError(404, 'No conversation with that customer in this business');
  const address = conversation.customer;
  const items = await allItemsOf(deps.table, keys.conversationState(tenantId, address).pk);
  const theirWords = items
    .filter((i) => String(i.sk).startsWith('MSG#') && i.role === 'customer' && typeof i.text === 'string')
    .map((i) => String(i.text));
  // A gap is keyed by its question's terms (near-duplicates merge, insights/gaps.ts); older gaps by the words.
  const gapIds = theirWords.flatMap((words) => [gapIdOf(gapKeyOf(words)), gapIdOf(words)]);
  const gapKeys = [...new Set(gapIds)].map((gapId) => keys.knowledgeGap(tenantId, gapId));
  const possibleSessions: ItemKey[] = deps.sharedNumbers.flatMap((number) =>
    ['sms', 'whatsapp'].flatMap((channel) =>
      [number, `${channel}:${number}`].map((shared) => keys.customerSession(channel, shared, address)),
    ),
  );
  const visitorId = visitorIdOf(address);
  const [existingGaps, sessions, webItems] = await Promise.all([
    existing(deps.table, gapKeys),
    existing(deps.table, possibleSessions),
    visitorId ? allItemsOf(deps.table, keys.webVisitor(tenantId, visitorId).pk) : [],
  ]);
  // Conversation last: if anything fails, the owner can run the erase again and it finds them.
  await deleteItems(deps.table, existingGaps);
  await deleteItems(deps.table, sessions);
  await deleteItems(deps.table, webItems.map(keyOf));
  await deleteItems(deps.table, items.map(keyOf));
  return {
    conversationId: conversation.conversationId,
    erased: {
      turns: items.filter((i) => String(i.sk).startsWith('MSG#')).length,
      conversationRecords: items.filter((i) => !String(i.sk).startsWith('MSG#')).length,
      gaps: existingGaps.length,
      sessions: sessions.length,
      webRecords: webItems.length,
    },
  };
};

/** The keys among these that hold an item (so the erase reports what it found). */
const existing = async (table: Table, candidates: readonly ItemKey[]): Promise<ItemKey[]> => {
  const found = await Promise.all(
    candidates.map(async (key) =>
      (
        await table.client.send(
          new GetCommand({ TableName: table.name, Key: key, ProjectionExpression: 'pk' }),
        )
      ).Item
        ? key
        : undefined,
    ),
  );
  return found.filter((key): key is ItemKey => key !== undefined);
};
