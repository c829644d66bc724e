import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../platform/ids.js';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

export interface ConversationTurn {
  role: 'customer' | 'assistant' | 'owner';
  text: string;
  channel: string;
  at: string;
  providerMessageId?: string;
}

export const logTurn = async (
  table: Table,
  input: { tenantId: string; customer: string; ttlDays: number } & Omit<ConversationTurn, 'at'> & {
      at?: string;
    },
): Promise<void> => {
  const at = input.at ?? new Date().toISOString();
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.conversationTurn(input.tenantId, input.customer, at, newId()),
        type: 'turn',
        role: input.role,
        text: input.text,
        channel: input.channel,
        at,
        providerMessageId: input.providerMessageId,
        expiresAt: expiresInDays(input.ttlDays),
      },
    }),
  );
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
  return Items.reverse().map(({ role, text, channel, at, providerMessageId }) => ({
    role,
    text,
    channel,
    at,
    providerMessageId,
  }));
};

export interface ConversationState {
  /** Set when the assistant could not answer and offered a person. */
  offeredHandoff?: { question: string; at: string };
  /** The customer asked for a person; the owner has been told. */
  needsPerson?: { question: string; at: string };
  lastActivityAt?: string;
}

export const getConversationState = async (
  table: Table,
  tenantId: string,
  customer: string,
): Promise<ConversationState> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.conversationState(tenantId, customer) }),
  );
  return {
    offeredHandoff: Item?.offeredHandoff,
    needsPerson: Item?.needsPerson,
    lastActivityAt: Item?.lastActivityAt,
  };
};

export const putConversationState = async (
  table: Table,
  input: { tenantId: string; customer: string; ttlDays: number; state: ConversationState },
): Promise<void> => {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.conversationState(input.tenantId, input.customer),
        type: 'conversation',
        tenantId: input.tenantId,
        customer: input.customer,
        ...input.state,
        lastActivityAt: new Date().toISOString(),
        expiresAt: expiresInDays(input.ttlDays),
      },
    }),
  );
};
