import * as z from 'zod';

/** How a call ended for the business: the caller was answered, put through, left a message, or hung up unheard. */
export const CALL_OUTCOMES = ['answered', 'transferred', 'message', 'dropped'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One phone call in `GET /v1/calls`; a call Twilio has not reported over is `in-progress`. */
export const CallViewSchema = z.strictObject({
  id: z.string(),
  callSid: z.string(),
  from: z.string(),
  to: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  durationSeconds: z.number().optional(),
  outcome: z.enum([...CALL_OUTCOMES, 'in-progress']),
  /** Twilio's final call status (`completed`, `busy`, `no-answer`, ...). */
  status: z.string().optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
  /** `relay` (ConversationRelay) or `gather` (the TwiML fallback). */
  mode: z.enum(['relay', 'gather']),
  turns: z.number(),
});
export type CallView = z.infer<typeof CallViewSchema>;

export const CallListSchema = z.strictObject({ calls: z.array(CallViewSchema) });
export type CallList = z.infer<typeof CallListSchema>;

export const CallTurnSchema = z.strictObject({
  role: z.enum(['caller', 'assistant']),
  text: z.string(),
  at: z.string(),
  /** The answer was cut short by the caller; `text` is what they heard. */
  interrupted: z.boolean().optional(),
});
export type CallTurn = z.infer<typeof CallTurnSchema>;

/** `GET /v1/calls/{id}`: the call and its transcript. */
export const CallDetailSchema = CallViewSchema.extend({ transcript: z.array(CallTurnSchema) });
export type CallDetail = z.infer<typeof CallDetailSchema>;
