import * as z from 'zod';

/** The test chat's answer and the passages it cites, in the answer's order. */
export const TriedAnswerSchema = z.strictObject({
  answer: z.string(),
  grounded: z.boolean(),
  answeredBy: z.string(),
  sources: z.array(z.strictObject({ documentId: z.string(), chunk: z.number(), text: z.string() })),
});
export type TriedAnswer = z.infer<typeof TriedAnswerSchema>;
