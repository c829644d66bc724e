import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId, sha256Hex } from '../platform/ids.js';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

export interface ConversationTurn {
  role: 'customer' | 'assistant' | 'owner';
  text: string;
  channel: string;
  at: string;
  providerMessageId?: string;
  /** A customer turn left for a later message of the same burst to answer. */
  deferred?: boolean;
}

export const logTurn = async (
  table: Table,
  input: { tenantId: string; customer: string; ttlDays: number } & Omit<ConversationTurn, 'at'> & {
      at?: string;
      /** A stable id (with a stable `at`) makes logging the same turn twice a no-op, as on a retry. */
      id?: string;
    },
): Promise<void> => {
  await table.client.send(new PutCommand({ TableName: table.name, Item: turnItem(input) }));
};

/** The item of one conversation turn (`logTurn` puts it; an answer batches it with others). */
export const turnItem = (input: Parameters<typeof logTurn>[1]): Record<string, unknown> & { at: string } => {
  const at = input.at ?? new Date().toISOString();
  return {
    ...keys.conversationTurn(input.tenantId, input.customer, at, input.id ?? newId()),
    type: 'turn',
    role: input.role,
    text: input.text,
    channel: input.channel,
    at,
    providerMessageId: input.providerMessageId,
    deferred: input.deferred,
    expiresAt: expiresInDays(input.ttlDays),
  };
};

/** The newest turns of one conversation, oldest first. */
export const recentTurns = async (
  table: Table,
  tenantId: string,
  customer: string,
  limit = 10,
): Promise<ConversationTurn[]> => {
  const { pk, skPrefix } = keys.conversationTurnPrefix(tenantId, customer);
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.reverse().map(({ role, text, channel, at, providerMessageId, deferred }) => ({
    role,
    text,
    channel,
    at,
    providerMessageId,
    deferred,
  }));
};

/** Where the customer wrote from, so an owner's reply can reach them on the same channel. */
export interface CustomerContact {
  provider: 'twilio' | 'meta' | 'web';
  channel: string;
  /** The customer's address. */
  address: string;
  /** The business address they wrote to. */
  via: string;
  /** Web chat: the page of the business's site the conversation started on. */
  page?: string;
}

export interface ConversationState {
  /** Set when the assistant could not answer and offered a person. */
  offeredHandoff?: { question: string; at: string };
  /**
   * A person has the conversation: the owner was told, and the assistant stays quiet until the
   * owner hands back (`!resume`) or `until` passes.
   */
  needsPerson?: { question: string; at: string; until?: string };
  contact?: CustomerContact;
  lastActivityAt?: string;
}

export interface ConversationSummary extends ConversationState {
  conversationId: string;
  customer: string;
}

/** A short, stable id for a conversation in the admin API: no phone number in URLs or logs. */
export const conversationIdOf = (customer: string): string => sha256Hex(customer).slice(0, 16);

export const getConversationState = async (
  table: Table,
  tenantId: string,
  customer: string,
): Promise<ConversationState> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.conversationState(tenantId, customer) }),
  );
  return conversationStateOf(Item);
};

/** A conversation's state item (absent: a new conversation) as its state. */
export const conversationStateOf = (item: Record<string, unknown> | undefined): ConversationState => ({
  offeredHandoff: item?.offeredHandoff as ConversationState['offeredHandoff'],
  needsPerson: item?.needsPerson as ConversationState['needsPerson'],
  contact: item?.contact as CustomerContact | undefined,
  lastActivityAt: item?.lastActivityAt as string | undefined,
});

export const putConversationState = async (
  table: Table,
  input: { tenantId: string; customer: string; ttlDays: number; state: ConversationState },
): Promise<void> => {
  await table.client.send(new PutCommand({ TableName: table.name, Item: conversationStateItem(input) }));
};

/** The item `putConversationState` puts (an answer batches it with its turns). */
export const conversationStateItem = (
  input: Parameters<typeof putConversationState>[1],
): Record<string, unknown> => {
  const conversationId = conversationIdOf(input.customer);
  return {
    ...keys.conversationState(input.tenantId, input.customer),
    ...keys.conversationIndex(input.tenantId, conversationId),
    type: 'conversation',
    tenantId: input.tenantId,
    customer: input.customer,
    conversationId,
    ...input.state,
    lastActivityAt: new Date().toISOString(),
    expiresAt: expiresInDays(input.ttlDays),
  };
};

const toSummary = (item: Record<string, unknown>): ConversationSummary => ({
  conversationId: String(item.conversationId),
  customer: String(item.customer),
  offeredHandoff: item.offeredHandoff as ConversationState['offeredHandoff'],
  needsPerson: item.needsPerson as ConversationState['needsPerson'],
  contact: item.contact as CustomerContact | undefined,
  lastActivityAt: item.lastActivityAt as string | undefined,
});

/**
 * A tenant's conversations, most recently active first. Bounded: a small business has hundreds,
 * not millions, of live conversations (turns expire with the conversation TTL).
 */
export const listConversations = async (
  table: Table,
  tenantId: string,
  limit = 200,
): Promise<ConversationSummary[]> => {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.tenantConversations(tenantId).gsi1pk },
      Limit: 1000,
    }),
  );
  return Items.map(toSummary)
    .sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''))
    .slice(0, limit);
};

/** One conversation of this tenant by id; another tenant's id finds nothing. */
export const findConversation = async (
  table: Table,
  tenantId: string,
  conversationId: string,
): Promise<ConversationSummary | undefined> => {
  if (!/^[0-9a-f]{16}$/.test(conversationId)) return undefined;
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
      ExpressionAttributeValues: {
        ':pk': keys.tenantConversations(tenantId).gsi1pk,
        ':id': conversationId,
      },
    }),
  );
  return Items[0] ? toSummary(Items[0]) : undefined;
};
