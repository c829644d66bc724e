import * as z from 'zod';

/**
 * The JSON frames of Twilio ConversationRelay. Twilio sends `setup` once connected, `prompt`
 * when the caller has spoken, `interrupt` when the caller talked over the answer, `dtmf` for a
 * key press and `error`; we send `text` tokens to be spoken, `end` (with handoff data for the
 * `<Connect action>` webhook) and `language`.
 */
export const RelayFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('setup'),
    callSid: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
    sessionId: z.string().optional(),
    customParameters: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal('prompt'),
    voicePrompt: z.string().max(4000),
    lang: z.string().optional(),
    last: z.boolean().default(true),
  }),
  z.object({
    type: z.literal('interrupt'),
    utteranceUntilInterrupt: z.string().max(4000).default(''),
    durationUntilInterruptMs: z.coerce.number().optional(),
  }),
  z.object({ type: z.literal('dtmf'), digit: z.string().max(1) }),
  z.object({ type: z.literal('error'), description: z.string().max(4000).default('') }),
]);
export type RelayFrame = z.infer<typeof RelayFrameSchema>;

/** Parses one frame; undefined for anything that is not a frame Twilio sends. */
export const parseRelayFrame = (body: string | undefined): RelayFrame | undefined => {
  try {
    const parsed = RelayFrameSchema.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export type OutboundRelayFrame =
  | { type: 'text'; token: string; last: boolean; interruptible?: boolean }
  | { type: 'end'; handoffData?: string }
  | { type: 'language'; ttsLanguage: string; transcriptionLanguage: string };

export const textFrame = (token: string, last = false): OutboundRelayFrame => ({ type: 'text', token, last });

/** What the `<Connect action>` webhook receives as `HandoffData` when we end the session. */
export interface HandoffData {
  reason: 'transfer';
}

export const endFrame = (handoff?: HandoffData): OutboundRelayFrame =>
  handoff ? { type: 'end', handoffData: JSON.stringify(handoff) } : { type: 'end' };
