import * as z from 'zod';
import { ChannelSchema } from '../messages.js';

/** `POST /v1/assistant/try`: a question for the console's test chat (nothing is sent). */
export const TryBodySchema = z.object({
  question: z.string().trim().min(1).max(1000),
  channel: ChannelSchema.optional(),
});
export type TryBody = z.infer<typeof TryBodySchema>;

/** The test chat's answer and the passages it cites, in the answer's order. */
export const TriedAnswerSchema = z.strictObject({
  answer: z.string(),
  grounded: z.boolean(),
  answeredBy: z.string(),
  sources: z.array(z.strictObject({ documentId: z.string(), chunk: z.number(), text: z.string() })),
});
export type TriedAnswer = z.infer<typeof TriedAnswerSchema>;
