import * as z from 'zod/mini';

/** A template to send instead of free text: Meta's name and language, or Twilio's ContentSid. */
export interface TemplateSend {
  name: string;
  language: string;
  /** Twilio Content API template (HX...); absent on the WhatsApp Cloud API. */
  contentSid?: string;
  /** The values of {{1}}, {{2}}..., in order. */
  parameters: string[];
}
/** The channels a customer can reach a business on. */
export const ChannelSchema = z.enum(['sms', 'whatsapp', 'messenger', 'instagram', 'voice', 'web']);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * A photo, voice note or other file that came with a message, as the webhook saw it: only the
 * reference travels on the queue; the answer worker fetches it with the channel's credentials.
 */
export const MediaRefSchema = z.object({
  kind: z.enum(['audio', 'image', 'other']),
  /** A WhatsApp Cloud API media id, or the URL Twilio, Messenger or Instagram gave. */
  ref: z.string().check(z.minLength(1), z.maxLength(2048)),
  contentType: z.optional(z.string().check(z.maxLength(200))),
});
export type MediaRef = z.infer<typeof MediaRefSchema>;

/** The kind of a media file by its MIME type. */
export const mediaKindOf = (contentType: string | undefined): MediaRef['kind'] =>
  contentType?.startsWith('audio/') ? 'audio' : contentType?.startsWith('image/') ? 'image' : 'other';

/**
 * How long a delivered message is recognised when it comes again: Meta retries WhatsApp deliveries
 * for up to 7 days (Messenger and Instagram about 36 hours), Twilio once; 8 days outlives both
 * (CHANNELS.md). The worker's reply claim lives this long, and the Meta webhook refuses messages
 * sent longer ago, so a replay is never answered twice.
 */
export const DEDUPE_DAYS = 8;

/** At most this many references per message (Twilio sends up to 10). */
export const MAX_MEDIA_PER_MESSAGE = 10;

/**
 * One inbound customer message, as the webhooks put it on the answer queue. This is the queue's
 * contract: the worker parses every record with this schema.
 */
export const InboundMessageSchema = z.object({
  /** `web`: a visitor of the business's own website, through the chat widget. */
  provider: z.enum(['twilio', 'meta', 'web']),
  channel: ChannelSchema,
  /** Twilio `MessageSid`, Meta `wamid...`/`mid`: the dedupe key. */
  providerMessageId: z.string().check(z.minLength(1)),
  /** The customer's address as the provider writes it (`whatsapp:+1555...` on Twilio WhatsApp). */
  from: z.string().check(z.minLength(1)),
  /** The business's receiving address. */
  to: z.string().check(z.minLength(1)),
  text: z.string(),
  /** Set when the receiving address is routed to one tenant; absent on a shared number. */
  tenantId: z.optional(z.string()),
  profileName: z.optional(z.string()),
  /** Number of media attachments (images, documents) that came with the message. */
  attachments: z.optional(z.number().check(z.int(), z.positive())),
  /** What the attachments are and where to fetch them (the worker fetches; the webhook never does). */
  media: z.optional(z.array(MediaRefSchema).check(z.maxLength(MAX_MEDIA_PER_MESSAGE))),
  receivedAt: z.iso.datetime(),
  /** Web chat only: the page of the business's site the visitor's conversation started on. */
  page: z.optional(z.string().check(z.maxLength(2048))),
  /** When the customer sent it, where the provider says (Meta): the 24-hour window counts from here. */
  sentAt: z.optional(z.iso.datetime()),
  /**
   * Set by the webhooks: the receiving address (`to`) is resolved to its business by the worker,
   * not before queueing, so a webhook makes one table call (BENCHMARKS.md, issue 19).
   */
  routeInWorker: z.optional(z.literal(true)),
  /**
   * Set only by the admin API: the owner's own words for this customer (`from`), queued so the
   * worker, which holds the channel credentials, sends them exactly once. Webhooks never set it.
   */
  fromOwner: z.optional(z.literal(true)),
  /**
   * Set only by the admin API: a notice from the platform to `from` (a new owner-alert address's
   * confirmation code), sent as it is, with no conversation. Webhooks never set it.
   */
  platformNotice: z.optional(z.literal(true)),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export interface OutboundMessage {
  provider: InboundMessage['provider'];
  channel: Channel;
  /** The business's address the reply is sent from. */
  from: string;
  to: string;
  text: string;
  tenantId?: string;
  /**
   * The inbound `providerMessageId` this reply answers (absent for alerts to others). A phone
   * call has no address to send to: its answer is stored under this id for the call to speak.
   */
  inReplyTo?: string;
  /**
   * Send this approved WhatsApp template instead of the free text (the customer's 24-hour window
   * has closed); `text` stays what the owner wrote, for the record.
   */
  template?: TemplateSend;
}

export interface SendResult {
  /** One id per part sent (long replies go out in several parts). */
  providerMessageIds: string[];
}

/** Sends replies on one provider: the real API, or the local outbox. */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<SendResult>;
}

/**
 * The person behind an address, across channels: `whatsapp:+15551234567` and `+15551234567` are
 * the same phone.
 */
export const phoneOf = (address: string): string => address.replace(/^[a-z]+:/i, '');
