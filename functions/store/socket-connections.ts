import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.js';
import { fieldUpdates } from './field-updates.js';
import { keys } from './keys.js';
import { queryPrefix } from './pages.js';

/** API Gateway closes a WebSocket connection after two hours at most; a day covers any record. */
const CONNECTION_TTL_SECONDS = 24 * 60 * 60;

/** A phone call on ConversationRelay: bound at `$connect` to the call and its business. */
export interface VoiceConnection {
  kind: 'voice';
  connectionId: string;
  tenantId: string;
  callSid: string;
  from: string;
  to: string;
  /** Bumped by every prompt: an answer still streaming for an older turn stops. */
  turn: number;
  /** The answer being spoken: its call-transcript and conversation turns, rewritten if interrupted. */
  answering?: { turn: number; at: string; id: string; text: string };
  /** The turn the caller interrupted, and what they had heard of it. */
  interrupted?: { turn: number; heard: string };
  /** The caller is leaving a message for the owner (nobody could take the call). */
  takingMessage?: boolean;
  /** The session was ended for a transfer; further frames are ignored. */
  ended?: boolean;
}

/** A website visitor's open page, waiting for replies (the chat widget). */
export interface WebConnection {
  kind: 'web';
  connectionId: string;
  tenantId: string;
  visitorId: string;
}

/** Every kind of connection the WebSocket API serves. */
export type SocketConnection = VoiceConnection | WebConnection;

export const putConnection = async (table: Table, connection: SocketConnection): Promise<void> => {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.socketConnection(connection.connectionId),
        type: 'socket-connection',
        ...connection,
        expiresAt: Math.floor(Date.now() / 1000) + CONNECTION_TTL_SECONDS,
      },
    }),
  );
};

export const getConnection = async (
  table: Table,
  connectionId: string,
): Promise<SocketConnection | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.socketConnection(connectionId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _expiresAt, ...connection } = Item;
  return connection as SocketConnection;
};

/** A call's connection; undefined when gone or bound to anything else. */
export const getVoiceConnection = async (
  table: Table,
  connectionId: string,
): Promise<VoiceConnection | undefined> => {
  const connection = await getConnection(table, connectionId);
  return connection?.kind === 'voice' ? connection : undefined;
};

/** Sets (or, with `undefined`, removes) fields of a connection that is still there. */
export const updateConnection = async (
  table: Table,
  connectionId: string,
  fields: Partial<Omit<VoiceConnection, 'kind' | 'connectionId'>>,
): Promise<void> => {
  const { expression, names, values } = fieldUpdates(fields);
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.socketConnection(connectionId),
      UpdateExpression: expression,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
    }),
  );
};

/** Starts a new turn on the connection; returns its number. */
export const nextTurn = async (table: Table, connectionId: string): Promise<number> => {
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.socketConnection(connectionId),
      UpdateExpression: 'ADD #turn :one REMOVE answering',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#turn': 'turn' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.turn ?? 1);
};

export const deleteConnection = async (table: Table, connectionId: string): Promise<void> => {
  await table.client.send(
    new DeleteCommand({ TableName: table.name, Key: keys.socketConnection(connectionId) }),
  );
};

/**
 * A visitor's connection, bound by id (for its frames and its close) and listed under the visitor
 * (for the reply sender, which knows the visitor, not the connection).
 */
export const putWebConnection = async (table: Table, connection: WebConnection): Promise<void> => {
  await putConnection(table, connection);
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.webConnection(connection.tenantId, connection.visitorId, connection.connectionId),
        connectionId: connection.connectionId,
        expiresAt: Math.floor(Date.now() / 1000) + CONNECTION_TTL_SECONDS,
      },
    }),
  );
};

/** The ids of a visitor's open connections (a tab each). */
export const webConnectionsOf = async (
  table: Table,
  tenantId: string,
  visitorId: string,
): Promise<string[]> => {
  const items = await queryPrefix(table, keys.webConnectionPrefix(tenantId, visitorId));
  return items.map((item) => String(item.connectionId));
};

/** Forgets a visitor's connection in their list (it closed, or API Gateway says it is gone). */
export const forgetWebConnection = async (
  table: Table,
  connection: Pick<WebConnection, 'tenantId' | 'visitorId' | 'connectionId'>,
): Promise<void> => {
  await table.client.send(
    new DeleteCommand({
      TableName: table.name,
      Key: keys.webConnection(connection.tenantId, connection.visitorId, connection.connectionId),
    }),
  );
};
