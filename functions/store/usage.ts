import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageInsight } from '../contracts/insight-labels.js';
import type { Table } from './client.js';
import { insightCounting } from './insight-counts.js';
import { keys } from './keys.js';

/** What one model call used, priced at the model's list price. */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the model's list price; 0 for self-hosted models. */
  costUsd: number;
}

/** `yyyy-mm-dd` and `yyyy-mm` in UTC. */
export const dayOf = (at: Date = new Date()): string => at.toISOString().slice(0, 10);
export const monthOf = (at: Date = new Date()): string => at.toISOString().slice(0, 7);

/**
 * Adds one answer's messages, tokens and estimated cost to the tenant's day (the `USAGE#<day>`
 * item) and month. Two single-item `ADD` updates, so concurrent workers never lose a count. With
 * `insight`, the message's intent and sentiment are counted on the day's item in the same update
 * (`store/insight-counts.ts`): an answer's bookkeeping is two calls, not three.
 */
export const recordUsage = async (
  table: Table,
  tenantId: string,
  input: { messages: number; calls: ModelUsage[]; at?: Date; insight?: MessageInsight },
): Promise<void> => {
  const at = input.at ?? new Date();
  const inputTokens = sum(input.calls.map((c) => c.inputTokens));
  const outputTokens = sum(input.calls.map((c) => c.outputTokens));
  const costUsd = sum(input.calls.map((c) => c.costUsd));
  const values = {
    ':messages': input.messages,
    ':calls': input.calls.length,
    ':in': inputTokens,
    ':out': outputTokens,
    ':cost': costUsd,
  };
  const expression =
    'ADD messages :messages, modelCalls :calls, inputTokens :in, outputTokens :out, costUsd :cost';
  const insight = input.insight && insightCounting(input.insight);
  await Promise.all([
    table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.usage(tenantId, dayOf(at)),
        UpdateExpression: `${expression}${insight ? `, ${insight.add}` : ''} SET #type = :type`,
        ExpressionAttributeNames: { '#type': 'type', ...insight?.names },
        ExpressionAttributeValues: { ...values, ':type': 'usage-day', ...insight?.values },
      }),
    ),
    table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.usageMonth(tenantId, monthOf(at)),
        UpdateExpression: `${expression} SET #type = :type`,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ...values, ':type': 'usage-month' },
      }),
    ),
  ]);
};

export interface UsageTotals {
  messages: number;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** A usage item (absent: nothing used yet) as its totals. */
export const usageTotalsOf = (item: Record<string, unknown> | undefined): UsageTotals => ({
  messages: Number(item?.messages ?? 0),
  modelCalls: Number(item?.modelCalls ?? 0),
  inputTokens: Number(item?.inputTokens ?? 0),
  outputTokens: Number(item?.outputTokens ?? 0),
  costUsd: Number(item?.costUsd ?? 0),
});

export const getDayUsage = async (table: Table, tenantId: string, day: string): Promise<UsageTotals> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.usage(tenantId, day) }),
  );
  return usageTotalsOf(Item);
};

export const getMonthUsage = async (table: Table, tenantId: string, month: string): Promise<UsageTotals> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.usageMonth(tenantId, month) }),
  );
  return usageTotalsOf(Item);
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
