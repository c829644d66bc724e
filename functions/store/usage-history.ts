import type { Table } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pages.js';
import type { UsageTotals } from './usage.js';

export interface UsageDay extends UsageTotals {
  /** `yyyy-mm-dd`, UTC. */
  day: string;
}

/**
 * The tenant's recorded usage days from `fromDay` to `toDay` inclusive, oldest first: one query
 * on the tenant's partition, so no other tenant's items can be read. Days without usage have no
 * item and are absent.
 *
 * @example
 * const days = await listUsageDays(table, 'acme', '2026-11-01', '2026-11-23');
 */
export const listUsageDays = async (
  table: Table,
  tenantId: string,
  fromDay: string,
  toDay: string,
): Promise<UsageDay[]> => {
  const from = keys.usage(tenantId, fromDay);
  const to = keys.usage(tenantId, toDay);
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': to.sk },
  });
  // A day's item may hold only insight counts (a message not answered, `store/insight-counts.ts`):
  // a day without usage is absent, as before.
  return items
    .filter((item) => item.messages !== undefined)
    .map((item) => ({
      day: keys.usageDayOf(String(item.sk)),
      messages: Number(item.messages ?? 0),
      modelCalls: Number(item.modelCalls ?? 0),
      inputTokens: Number(item.inputTokens ?? 0),
      outputTokens: Number(item.outputTokens ?? 0),
      costUsd: Number(item.costUsd ?? 0),
    }));
};

/** Adds days up. */
export const sumUsage = (days: readonly UsageTotals[]): UsageTotals => ({
  messages: days.reduce((n, d) => n + d.messages, 0),
  modelCalls: days.reduce((n, d) => n + d.modelCalls, 0),
  inputTokens: days.reduce((n, d) => n + d.inputTokens, 0),
  outputTokens: days.reduce((n, d) => n + d.outputTokens, 0),
  costUsd: days.reduce((n, d) => n + d.costUsd, 0),
});
