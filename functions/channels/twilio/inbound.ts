import * as z from 'zod/mini';
import {
  type InboundMessage,
  MAX_MEDIA_PER_MESSAGE,
  type MediaRef,
  mediaKindOf,
} from '../../contracts/messages.js';
import { TwilioAddressSchema } from './address.js';
import type { TwilioParams } from './signature.js';

/** A form field Twilio may repeat: the first value (zod classic's `z.preprocess`, spelled for zod/mini). */
const single = z.pipe(
  z.transform((v: unknown) => (Array.isArray(v) ? v[0] : v)),
  z.string(),
);
const TwilioSid = z.string().check(z.regex(/^[A-Z]{2}[0-9a-f]{32}$/, 'is not a Twilio SID'));

/** The fields of Twilio's messaging webhook that Frontdesk uses (SMS and WhatsApp). */
export const TwilioMessageSchema = z.object({
  MessageSid: z.pipe(single, TwilioSid),
  From: z.pipe(single, TwilioAddressSchema),
  To: z.pipe(single, TwilioAddressSchema),
  Body: z._default(z.optional(single), ''),
  NumMedia: z.optional(single),
  ProfileName: z.optional(single),
  ButtonText: z.optional(single),
});

/** Twilio's message status callback; the SID and our sending number become table keys. */
export const TwilioStatusSchema = z.object({
  MessageSid: z.pipe(single, TwilioSid),
  MessageStatus: z.pipe(single, z.string().check(z.minLength(1))),
  ErrorCode: z.optional(single),
  To: z.optional(z.pipe(single, TwilioAddressSchema)),
  From: z.optional(z.pipe(single, TwilioAddressSchema)),
});
export type TwilioStatus = z.infer<typeof TwilioStatusSchema>;

export const toInboundMessage = (
  params: TwilioParams,
  receivedAt: Date,
): InboundMessage | z.core.$ZodError => {
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
    media: mediaOf(params, Number(p.NumMedia ?? 0)),
    receivedAt: receivedAt.toISOString(),
  };
};

const MediaUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(2048));

/** `MediaUrl0`, `MediaContentType0`...: references only; the answer worker fetches them. */
const mediaOf = (params: TwilioParams, count: number): MediaRef[] | undefined => {
  const media: MediaRef[] = [];
  for (let i = 0; i < Math.min(count, MAX_MEDIA_PER_MESSAGE); i++) {
    const url = z.pipe(single, MediaUrl).safeParse(params[`MediaUrl${i}`]);
    if (!url.success) continue;
    const type = single.safeParse(params[`MediaContentType${i}`]);
    const contentType = type.success ? type.data.slice(0, 200) : undefined;
    media.push({ kind: mediaKindOf(contentType), ref: url.data, contentType });
  }
  return media.length ? media : undefined;
};
