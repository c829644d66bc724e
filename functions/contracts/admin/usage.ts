import * as z from 'zod';

/** A year of days answers any billing question without an unbounded query. */
export const MAX_USAGE_DAYS = 366;
const DAY_MS = 86_400_000;

const Day = z.iso.date({ error: 'must be a date like 2026-11-23' });

/**
 * `GET /v1/usage?from=yyyy-mm-dd&to=yyyy-mm-dd`. Without `to`: today (UTC); without `from`: the
 * first of the month of `to`, which is what a bill covers.
 */
export const UsageQuerySchema = z
  .object({ from: Day.optional(), to: Day.optional() })
  .transform(({ from, to }, ctx) => {
    const end = to ?? new Date().toISOString().slice(0, 10);
    const start = from ?? `${end.slice(0, 7)}-01`;
    const span = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
    if (span < 1) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
    if (span > MAX_USAGE_DAYS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_USAGE_DAYS} days at once` });
    return { from: start, to: end };
  });
export type UsageQuery = z.infer<typeof UsageQuerySchema>;

/** Answered messages, model calls, tokens and the estimated model cost (USD) over some span. */
export const UsageTotalsSchema = z.strictObject({
  messages: z.number(),
  modelCalls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
});
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

/** One UTC day with usage; days without any are absent. */
export const UsageDaySchema = UsageTotalsSchema.extend({ day: z.iso.date() });
export type UsageDay = z.infer<typeof UsageDaySchema>;

/** `GET /v1/usage`. */
export const UsageReportSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  days: z.array(UsageDaySchema),
  totals: UsageTotalsSchema,
  thisMonth: UsageTotalsSchema.extend({ month: z.string().regex(/^\d{4}-\d{2}$/) }),
  note: z.string(),
});
export type UsageReport = z.infer<typeof UsageReportSchema>;
