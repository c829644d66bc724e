import type { InboundMessage, MediaRef } from '../../contracts/messages.js';
import {
  type MessagingItem,
  MessagingItemSchema,
  MetaEntrySchema,
  MetaEnvelopeSchema,
  WhatsAppChangeSchema,
  type WhatsAppMessage,
  WhatsAppMessageSchema,
  WhatsAppStatusSchema,
} from './payload.js';

export type MetaChannel = 'whatsapp' | 'messenger' | 'instagram';

/** The business side of an event: which route (and so which tenant) it belongs to. */
export interface MetaRoute {
  channel: MetaChannel;
  /** A WhatsApp `phone_number_id`, a page id or an Instagram account id. */
  address: string;
}

export interface MetaDeliveryStatus {
  providerMessageId: string;
  status: string;
  errorCode?: string;
  recipient?: string;
}

export type MetaEvent =
  | {
      kind: 'message';
      route: MetaRoute;
      message: Omit<InboundMessage, 'tenantId'>;
      /** When the customer sent it: the 24-hour window counts from here. */
      sentAt: Date;
    }
  | { kind: 'status'; route: MetaRoute; status: MetaDeliveryStatus }
  /** `malformed`: an item no Meta payload holds (a bad id, a missing field): skipped and counted. */
  | { kind: 'ignored'; reason: string; malformed?: true };

/**
 * What a customer can send besides text: media (a caption is read as the message's text), and
 * messages WhatsApp cannot pass on (`unsupported`, e.g. a poll). Each gets the "text only" reply
 * rather than silence.
 */
const NON_TEXT_TYPES = new Set([
  'image',
  'document',
  'video',
  'audio',
  'sticker',
  'location',
  'contacts',
  'unsupported',
  'unknown',
]);

/**
 * Flattens one webhook body into events: every `entry[]`, and in it every `changes[]`,
 * `messaging[]` and `standby[]` item, becomes a message to answer, a delivery status to record,
 * or an ignored event with its reason. Never throws on a malformed item.
 */
export const toMetaEvents = (body: unknown, now: Date): MetaEvent[] => {
  const envelope = MetaEnvelopeSchema.safeParse(body);
  if (!envelope.success) return [{ kind: 'ignored', reason: 'not a Meta webhook payload', malformed: true }];
  const channel = channelOf(envelope.data.object);
  if (!channel) return [{ kind: 'ignored', reason: `object ${envelope.data.object} is not handled` }];

  return envelope.data.entry.flatMap((raw): MetaEvent[] => {
    const entry = MetaEntrySchema.safeParse(raw);
    if (!entry.success) return [malformed('entry')];
    const { changes = [], messaging = [], standby = [] } = entry.data;
    return [
      ...changes.flatMap((change) =>
        channel === 'whatsapp' ? whatsAppEvents(change, now) : [ignored('a changes[] item off WhatsApp')],
      ),
      ...(channel === 'whatsapp' ? [] : messaging.map((item) => messagingEvent(item, channel, now))),
      // Another app holds the conversation (handover protocol): answering would talk over it.
      ...standby.map(() => ignored('standby: another app is in control of the conversation')),
    ];
  });
};

const CHANNEL_OF_OBJECT: Record<string, MetaChannel> = {
  whatsapp_business_account: 'whatsapp',
  page: 'messenger',
  instagram: 'instagram',
};

const channelOf = (object: string): MetaChannel | undefined =>
  Object.hasOwn(CHANNEL_OF_OBJECT, object) ? CHANNEL_OF_OBJECT[object] : undefined;

const ignored = (reason: string): MetaEvent => ({ kind: 'ignored', reason });
const malformed = (what: string): MetaEvent => ({
  kind: 'ignored',
  reason: `malformed ${what}`,
  malformed: true,
});

const whatsAppEvents = (raw: unknown, now: Date): MetaEvent[] => {
  const change = WhatsAppChangeSchema.safeParse(raw);
  if (!change.success) return [malformed('WhatsApp change')];
  if (change.data.field !== 'messages') return [ignored(`WhatsApp field ${change.data.field}`)];
  const { metadata, contacts = [], messages = [], statuses = [], errors = [] } = change.data.value;
  const route: MetaRoute = { channel: 'whatsapp', address: metadata.phone_number_id };
  const nameOf = (m: WhatsAppMessage) =>
    contacts.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id))
      ?.profile?.name;

  return [
    ...messages.map((rawMessage): MetaEvent => {
      const parsed = WhatsAppMessageSchema.safeParse(rawMessage);
      if (!parsed.success) return malformed('WhatsApp message');
      const m = parsed.data;
      // E.164 when the number is shared, so an owner writing from their phone is recognised as
      // on SMS; else the business-scoped user id, which the sender can also reply to.
      const customer = m.from ? `+${m.from}` : m.from_user_id;
      if (!customer) return ignored('WhatsApp message without a sender');
      const content = whatsAppContent(m);
      if (!content) return ignored(`WhatsApp ${m.type} message`);
      const sentAt = earlier(new Date(Number(m.timestamp) * 1000), now);
      return {
        kind: 'message',
        route,
        sentAt,
        message: {
          provider: 'meta',
          channel: 'whatsapp',
          providerMessageId: m.id,
          from: customer,
          to: metadata.phone_number_id,
          text: content.text,
          profileName: nameOf(m),
          attachments: content.attachments,
          media: content.media,
          receivedAt: now.toISOString(),
        },
      };
    }),
    ...statuses.map((rawStatus): MetaEvent => {
      const parsed = WhatsAppStatusSchema.safeParse(rawStatus);
      if (!parsed.success) return malformed('WhatsApp status');
      const s = parsed.data;
      return {
        kind: 'status',
        route,
        status: {
          providerMessageId: s.id,
          status: s.status,
          errorCode: s.errors?.[0] ? String(s.errors[0].code) : undefined,
          recipient: s.recipient_id,
        },
      };
    }),
    ...errors.map(() => ignored('WhatsApp webhook error notification')),
  ];
};

/** What a WhatsApp message says: its text, a tapped button's title, or a media caption. */
const whatsAppContent = (
  m: WhatsAppMessage,
): { text: string; attachments?: number; media?: MediaRef[] } | undefined => {
  switch (m.type) {
    case 'text':
      return m.text ? { text: m.text.body.trim() } : undefined;
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return reply ? { text: reply.title.trim() } : undefined;
    }
    case 'button':
      return m.button ? { text: m.button.text.trim() } : undefined;
    default: {
      if (!NON_TEXT_TYPES.has(m.type)) return undefined;
      const media = m[m.type as 'image'];
      const kind = m.type === 'audio' ? 'audio' : m.type === 'image' ? 'image' : 'other';
      return {
        text: media?.caption?.trim() ?? '',
        attachments: 1,
        media: media?.id ? [{ kind, ref: media.id, contentType: media.mime_type }] : undefined,
      };
    }
  }
};

const messagingEvent = (raw: unknown, channel: 'messenger' | 'instagram', now: Date): MetaEvent => {
  const parsed = MessagingItemSchema.safeParse(raw);
  if (!parsed.success) return malformed(`${channel} event`);
  const item: MessagingItem = parsed.data;
  const business = item.recipient.id;
  const { message, postback } = item;
  if (message?.is_echo || message?.is_self || item.is_self || item.sender.id === business)
    return ignored('echo of our own message');
  if (message?.is_deleted) return ignored('message deleted by the customer');
  if (message?.is_unsupported) return ignored('unsupported message type');

  const id = message?.mid ?? postback?.mid;
  const text = (message ? message.text : postback?.title)?.trim() ?? '';
  const attachments = message?.attachments?.length || undefined;
  const media = messagingMedia(message?.attachments);
  if (!id) return ignored(`${channel} event without a message (receipt, reaction, referral...)`);
  if (!text && !attachments) return ignored(`empty ${channel} message`);
  return {
    kind: 'message',
    route: { channel, address: business },
    sentAt: earlier(new Date(item.timestamp ?? now.getTime()), now),
    message: {
      provider: 'meta',
      channel,
      providerMessageId: id,
      from: item.sender.id,
      to: business,
      text,
      attachments,
      media,
      receivedAt: now.toISOString(),
    },
  };
};

/** Messenger and Instagram attachments: `{type: "audio" | "image" | ..., payload: {url}}`. */
const messagingMedia = (
  attachments: NonNullable<MessagingItem['message']>['attachments'],
): MediaRef[] | undefined => {
  const media = (attachments ?? []).flatMap((a): MediaRef[] => {
    const url = a.payload?.url;
    if (!url || url.length > 2048 || !/^https?:\/\//.test(url)) return [];
    return [{ kind: a.type === 'audio' ? 'audio' : a.type === 'image' ? 'image' : 'other', ref: url }];
  });
  return media.length ? media.slice(0, 10) : undefined;
};

/** A provider clock a little ahead of ours must not stretch the 24-hour window. */
const earlier = (a: Date, b: Date): Date => (Number.isNaN(a.getTime()) || a > b ? b : a);
