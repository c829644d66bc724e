import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { INTENTS, type MessageInsight, SENTIMENTS } from '../contracts/insight-labels.js';
import { sha256Hex } from '../platform/ids.js';
import { isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { dayOf } from './usage.js';

/** Adds one inbound message's intent and sentiment to the tenant's day. */
export const recordInsight = async (
  table: Table,
  tenantId: string,
  insight: MessageInsight,
  at: Date = new Date(),
): Promise<void> => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.insightDay(tenantId, dayOf(at)),
      UpdateExpression: 'ADD messages :one, #intent :one, #sentiment :one SET #type = :type, #day = :day',
      ExpressionAttributeNames: {
        '#intent': `intent_${insight.intent}`,
        '#sentiment': `sentiment_${insight.sentiment}`,
        '#type': 'type',
        '#day': 'day',
      },
      ExpressionAttributeValues: { ':one': 1, ':type': 'insight-day', ':day': dayOf(at) },
    }),
  );
};

export interface InsightDay {
  day: string;
  messages: number;
  intents: Record<string, number>;
  sentiment: Record<string, number>;
}

/** The tenant's insight days from `fromDay` to `toDay` (inclusive), oldest first. */
export const listInsightDays = async (
  table: Table,
  tenantId: string,
  fromDay: string,
  toDay: string,
): Promise<InsightDay[]> => {
  const { pk } = keys.insightDayPrefix(tenantId);
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': keys.insightDay(tenantId, fromDay).sk,
        ':to': keys.insightDay(tenantId, toDay).sk,
      },
    }),
  );
  return Items.map((item) => ({
    day: String(item.day),
    messages: Number(item.messages ?? 0),
    intents: Object.fromEntries(
      INTENTS.map((i) => [i, Number(item[`intent_${i}`] ?? 0)]).filter(([, n]) => n),
    ),
    sentiment: Object.fromEntries(SENTIMENTS.map((s) => [s, Number(item[`sentiment_${s}`] ?? 0)])),
  }));
};

export interface KnowledgeGap {
  gapId: string;
  question: string;
  asked: number;
  firstAskedAt: string;
  lastAskedAt: string;
  status: 'open' | 'closed';
}

/** Same question, same gap: case, spacing and punctuation do not make a new one. */
export const gapIdOf = (question: string): string =>
  sha256Hex(
    question
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  ).slice(0, 16);

/**
 * Keeps a question the engine could not answer, counting how often it is asked; reopens a closed
 * one. Questions with the same `sameAs` key (the domain's notion of a near-duplicate) are one
 * gap, which keeps the wording it was first asked in.
 */
export const recordKnowledgeGap = async (
  table: Table,
  tenantId: string,
  question: string,
  sameAs: string = question,
): Promise<void> => {
  const now = new Date().toISOString();
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.knowledgeGap(tenantId, gapIdOf(sameAs)),
      UpdateExpression:
        'SET question = if_not_exists(question, :q), firstAskedAt = if_not_exists(firstAskedAt, :now), lastAskedAt = :now, #status = :open, #type = :type ADD asked :one',
      ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
      ExpressionAttributeValues: {
        ':q': question.slice(0, 500),
        ':now': now,
        ':open': 'open',
        ':one': 1,
        ':type': 'gap',
      },
    }),
  );
};

/** Open gaps, most asked first. */
export const listOpenGaps = async (table: Table, tenantId: string, limit = 50): Promise<KnowledgeGap[]> => {
  const { pk, skPrefix } = keys.knowledgeGapPrefix(tenantId);
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix, ':open': 'open' },
    }),
  );
  return Items.map((item) => ({
    gapId: String(item.sk).slice(skPrefix.length),
    question: String(item.question),
    asked: Number(item.asked ?? 0),
    firstAskedAt: String(item.firstAskedAt),
    lastAskedAt: String(item.lastAskedAt),
    status: 'open' as const,
  }))
    .sort((a, b) => b.asked - a.asked || b.lastAskedAt.localeCompare(a.lastAskedAt))
    .slice(0, limit);
};

/** Marks a gap answered (the owner added the knowledge); false when the tenant has no such gap. */
export const closeKnowledgeGap = async (table: Table, tenantId: string, gapId: string): Promise<boolean> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.knowledgeGap(tenantId, gapId),
        UpdateExpression: 'SET #status = :closed',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
