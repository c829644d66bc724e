import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallOutcome } from '../contracts/admin/calls.js';
import { newId } from '../platform/ids.js';
import { expiresInDays, type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryPrefix } from './pages.js';

export interface CallLog {
  callSid: string;
  from: string;
  to: string;
  startedAt: string;
  /** `relay` (ConversationRelay over the WebSocket API) or `gather` (the TwiML fallback). */
  mode: 'relay' | 'gather';
  /** Set when Twilio reports the call completed. */
  endedAt?: string;
  durationSeconds?: number;
  /** Decided as the call goes (a transfer, a message); closed as answered or dropped at the end. */
  outcome?: CallOutcome;
  /** Twilio's final call status (`completed`, `busy`, `no-answer`, `failed`, `canceled`). */
  status?: string;
  /** Of the caller's words over the whole call. */
  sentiment?: 'positive' | 'neutral' | 'negative';
  /** Caller turns and answers so far; the transcript holds them. */
  turns: number;
}

export interface CallTurn {
  role: 'caller' | 'assistant';
  text: string;
  at: string;
  /** The answer was cut short by the caller; `text` is what they heard. */
  interrupted?: boolean;
}

/** Starts a call's log; Twilio retrying the same webhook starts nothing new. */
export const startCallLog = async (
  table: Table,
  input: {
    tenantId: string;
    callSid: string;
    from: string;
    to: string;
    mode: CallLog['mode'];
    ttlDays: number;
  },
): Promise<void> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.callLog(input.tenantId, input.callSid),
          type: 'call',
          callSid: input.callSid,
          from: input.from,
          to: input.to,
          mode: input.mode,
          startedAt: new Date().toISOString(),
          turns: 0,
          expiresAt: expiresInDays(input.ttlDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
};

export const getCallLog = async (
  table: Table,
  tenantId: string,
  callSid: string,
): Promise<CallLog | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.callLog(tenantId, callSid) }),
  );
  return Item ? toCallLog(Item) : undefined;
};

/**
 * Adds one turn to a call's transcript. `id` and `at` name the turn, so writing it again (an
 * answer the caller interrupted, now cut to what they heard) replaces it.
 */
export const putCallTurn = async (
  table: Table,
  input: { tenantId: string; callSid: string; ttlDays: number; id?: string } & CallTurn,
  options: { count?: boolean } = { count: true },
): Promise<{ id: string; at: string }> => {
  const id = input.id ?? newId();
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.callTurn(input.tenantId, input.callSid, input.at, id),
        type: 'call-turn',
        role: input.role,
        text: input.text,
        at: input.at,
        interrupted: input.interrupted,
        expiresAt: expiresInDays(input.ttlDays),
      },
    }),
  );
  if (options.count) {
    await table.client
      .send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.callLog(input.tenantId, input.callSid),
          UpdateExpression: 'ADD turns :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }
  return { id, at: input.at };
};

export const callTranscript = async (table: Table, tenantId: string, callSid: string): Promise<CallTurn[]> =>
  (await queryPrefix(table, keys.callTurnPrefix(tenantId, callSid))).map(
    ({ role, text, at, interrupted }) => ({
      role,
      text,
      at,
      interrupted,
    }),
  );

/** Records how the call is ending (a transfer, a message); the first decided outcome stays. */
export const setCallOutcome = async (
  table: Table,
  tenantId: string,
  callSid: string,
  outcome: CallOutcome,
): Promise<void> => {
  await table.client
    .send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.callLog(tenantId, callSid),
        UpdateExpression: 'SET outcome = :outcome',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome = :answered)',
        ExpressionAttributeValues: { ':outcome': outcome, ':answered': 'answered' },
      }),
    )
    .catch((error) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
};

/**
 * Closes the log when Twilio reports the call over: its duration and status, the outcome
 * (answered if anyone was answered, dropped if not, unless a transfer or message was decided)
 * and the caller's overall sentiment.
 */
export const closeCallLog = async (
  table: Table,
  input: {
    tenantId: string;
    callSid: string;
    status: string;
    durationSeconds: number | undefined;
    sentiment: CallLog['sentiment'];
  },
): Promise<CallLog | undefined> => {
  const log = await getCallLog(table, input.tenantId, input.callSid);
  if (!log) return undefined;
  const answered = (await callTranscript(table, input.tenantId, input.callSid)).some(
    (t) => t.role === 'assistant',
  );
  const outcome: CallOutcome =
    log.outcome && log.outcome !== 'answered' ? log.outcome : answered ? 'answered' : 'dropped';
  const endedAt = new Date().toISOString();
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.callLog(input.tenantId, input.callSid),
      UpdateExpression:
        'SET endedAt = :endedAt, durationSeconds = :duration, #status = :status, outcome = :outcome, sentiment = :sentiment',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':endedAt': endedAt,
        ':duration':
          input.durationSeconds ?? Math.round((Date.parse(endedAt) - Date.parse(log.startedAt)) / 1000),
        ':status': input.status,
        ':outcome': outcome,
        ':sentiment': input.sentiment ?? 'neutral',
      },
    }),
  );
  return getCallLog(table, input.tenantId, input.callSid);
};

/** The business's calls, newest first. */
export const listCallLogs = async (table: Table, tenantId: string, limit = 100): Promise<CallLog[]> => {
  const calls = (await queryPrefix(table, keys.callLogPrefix(tenantId))).map(toCallLog);
  // Keyed by call SID (looked up on every frame); the conversation TTL bounds how many there are.
  return calls.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
};

const toCallLog = (item: Item): CallLog => ({
  callSid: item.callSid,
  from: item.from,
  to: item.to,
  startedAt: item.startedAt,
  mode: item.mode,
  endedAt: item.endedAt,
  durationSeconds: item.durationSeconds,
  outcome: item.outcome,
  status: item.status,
  sentiment: item.sentiment,
  turns: item.turns ?? 0,
});
