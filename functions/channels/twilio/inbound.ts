import { z } from 'zod';
import type { InboundMessage } from '../message.js';
import type { TwilioParams } from './signature.js';

const single = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string());

/** The fields of Twilio's messaging webhook that Frontdesk uses (SMS and WhatsApp). */
export const TwilioMessageSchema = z.object({
  MessageSid: single.pipe(z.string().regex(/^[A-Z]{2}[0-9a-f]{32}$/, 'MessageSid is not a Twilio SID')),
  From: single.pipe(z.string().min(1)),
  To: single.pipe(z.string().min(1)),
  Body: single.optional().default(''),
  NumMedia: single.optional(),
  ProfileName: single.optional(),
  ButtonText: single.optional(),
});

/** Twilio's message status callback. */
export const TwilioStatusSchema = z.object({
  MessageSid: single.pipe(z.string().min(1)),
  MessageStatus: single.pipe(z.string().min(1)),
  ErrorCode: single.optional(),
  To: single.optional(),
  From: single.optional(),
});
export type TwilioStatus = z.infer<typeof TwilioStatusSchema>;

export const toInboundMessage = (params: TwilioParams, receivedAt: Date): InboundMessage | z.ZodError => {
  const parsed = TwilioMessageSchema.safeParse(params);
  if (!parsed.success) return parsed.error;
  const p = parsed.data;
  const whatsapp = p.From.startsWith('whatsapp:');
  // A tapped quick-reply button arrives as ButtonText; its text is what the customer "said".
  const text = p.Body.trim() || p.ButtonText?.trim() || '';
  return {
    provider: 'twilio',
    channel: whatsapp ? 'whatsapp' : 'sms',
    providerMessageId: p.MessageSid,
    from: p.From,
    to: p.To,
    text,
    profileName: p.ProfileName,
    attachments: Number(p.NumMedia ?? 0) || undefined,
    receivedAt: receivedAt.toISOString(),
  };
};
