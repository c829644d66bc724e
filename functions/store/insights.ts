import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { INTENTS, type MessageInsight, SENTIMENTS } from '../contracts/insight-labels.js';
import { sha256Hex } from '../platform/ids.js';
import { isConditionalCheckFailed, type Table } from './client.js';
import { INSIGHT_MESSAGES, insightCounting, intentAttribute, sentimentAttribute } from './insight-counts.js';
import { keys } from './keys.js';
import { queryAll } from './pages.js';
import { dayOf } from './usage.js';

/**
 * Adds one inbound message's intent and sentiment to the tenant's day, on the day's usage item
 * (`store/insight-counts.ts`). A message that is answered counts its insight with its usage
 * instead (`recordUsage`), in the same update.
 */
export const recordInsight = async (
  table: Table,
  tenantId: string,
  insight: MessageInsight,
  at: Date = new Date(),
): Promise<void> => {
  const counting = insightCounting(insight);
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.usage(tenantId, dayOf(at)),
      UpdateExpression: `ADD ${counting.add} SET #type = :type`,
      ExpressionAttributeNames: { ...counting.names, '#type': 'type' },
      ExpressionAttributeValues: { ...counting.values, ':type': 'usage-day' },
    }),
  );
};

export interface InsightDay {
  day: string;
  messages: number;
  intents: Record<string, number>;
  sentiment: Record<string, number>;
}

/**
 * The tenant's insight days from `fromDay` to `toDay` (inclusive), oldest first: the counts on
 * the days' usage items, plus those of the `INSIGHTS#<day>` items written before the counts
 * moved there (a day that straddles the deploy has both, and both are added up).
 */
export const listInsightDays = async (
  table: Table,
  tenantId: string,
  fromDay: string,
  toDay: string,
): Promise<InsightDay[]> => {
  const between = (from: { pk: string; sk: string }, to: { sk: string }) =>
    queryAll(table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': to.sk },
    });
  const [usageDays, oldDays] = await Promise.all([
    between(keys.usage(tenantId, fromDay), keys.usage(tenantId, toDay)),
    between(keys.insightDay(tenantId, fromDay), keys.insightDay(tenantId, toDay)),
  ]);
  const days = new Map<string, InsightDay>();
  const add = (day: string, messages: number, item: Record<string, unknown>) => {
    const counts = days.get(day) ?? { day, messages: 0, intents: {}, sentiment: {} };
    counts.messages += messages;
    for (const intent of INTENTS) {
      const n = Number(item[intentAttribute(intent)] ?? 0);
      if (n) counts.intents[intent] = (counts.intents[intent] ?? 0) + n;
    }
    for (const s of SENTIMENTS)
      counts.sentiment[s] = (counts.sentiment[s] ?? 0) + Number(item[sentimentAttribute(s)] ?? 0);
    days.set(day, counts);
  };
  for (const item of oldDays) add(String(item.day), Number(item.messages ?? 0), item);
  for (const item of usageDays) {
    if (item[INSIGHT_MESSAGES] === undefined) continue;
    add(keys.usageDayOf(String(item.sk)), Number(item[INSIGHT_MESSAGES]), item);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
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
