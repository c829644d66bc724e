import * as z from 'zod';

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
