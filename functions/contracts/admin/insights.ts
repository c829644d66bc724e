import * as z from 'zod';
import { UsageTotalsSchema } from './usage.js';

/** A question customers asked that the knowledge could not answer. */
export const KnowledgeGapSchema = z.strictObject({
  gapId: z.string(),
  question: z.string(),
  asked: z.number(),
  firstAskedAt: z.string(),
  lastAskedAt: z.string(),
  status: z.enum(['open', 'closed']),
});
export type KnowledgeGap = z.infer<typeof KnowledgeGapSchema>;

/** `GET /v1/insights?days=`: what the owner learns from their customers over the last days. */
export const InsightsSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  messages: z.number(),
  topIntents: z.array(z.strictObject({ intent: z.string(), count: z.number() })),
  /** Days without messages are absent; a sentiment nobody showed that day is absent. */
  sentimentByDay: z.array(
    z.strictObject({
      day: z.iso.date(),
      messages: z.number(),
      positive: z.number().optional(),
      neutral: z.number().optional(),
      negative: z.number().optional(),
    }),
  ),
  openGaps: z.array(KnowledgeGapSchema),
  usageThisMonth: UsageTotalsSchema,
});
export type Insights = z.infer<typeof InsightsSchema>;

/** `POST /v1/insights/gaps/{id}/close`. */
export const GapClosedSchema = z.strictObject({ gapId: z.string(), status: z.literal('closed') });
export type GapClosed = z.infer<typeof GapClosedSchema>;

/** `POST /v1/insights/gaps/{id}/answer` (201): the gap is closed and the fact is knowledge. */
export const GapAnsweredSchema = GapClosedSchema.extend({ documentId: z.string(), text: z.string() });
export type GapAnswered = z.infer<typeof GapAnsweredSchema>;
