import * as z from 'zod';

/**
 * Zod schemas for the parts of Meta's webhook payloads that Frontdesk reads. The envelope is
 * parsed loosely and each item on its own, so one odd item is skipped with a reason instead of
 * failing a batch of hundreds. Unknown fields pass through untouched.
 */
/**
 * A business asset id (WhatsApp phone number id, page id, Instagram account id): digits, as the
 * admin API claims them. Anything else can route to no business.
 */
export const MetaAssetIdSchema = z.string().regex(/^\d{1,32}$/, 'is not a Meta asset id (digits)');

/**
 * A customer's id (page- or Instagram-scoped id, business-scoped user id) or a message id: it
 * becomes part of table keys, so no `#`, whitespace or control characters.
 */
export const MetaKeySafeIdSchema = z.string().regex(/^[^\s#\p{Cc}]{1,512}$/u, 'is not a Meta id');

export const MetaEnvelopeSchema = z.object({
  object: z.string(),
  entry: z.array(z.unknown()).default([]),
});

export const MetaEntrySchema = z.object({
  id: z.string().optional(),
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
});

/** WhatsApp Cloud API: `entry[].changes[]` with `field: "messages"`. */
export const WhatsAppChangeSchema = z.object({
  field: z.string(),
  value: z.object({
    metadata: z.object({ phone_number_id: MetaAssetIdSchema, display_phone_number: z.string().optional() }),
    contacts: z
      .array(
        z.object({
          wa_id: z.string().optional(),
          user_id: z.string().optional(),
          profile: z.object({ name: z.string() }).partial().optional(),
        }),
      )
      .optional(),
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
    errors: z.array(z.unknown()).optional(),
  }),
});

const Media = z
  .object({
    caption: z.string().optional(),
    /** The media id to fetch (`GET /<media-id>` with the number's token, then its url). */
    id: z
      .string()
      .regex(/^\d{1,40}$/)
      .optional(),
    mime_type: z.string().max(200).optional(),
  })
  .optional();

/**
 * A business-scoped user id (`US.13491208655302741918`, `US.ENT.118...`): since WhatsApp
 * usernames (2026), a customer who adopted one may arrive with this instead of a phone number.
 */
export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

export const WhatsAppMessageSchema = z.object({
  /** The customer's WhatsApp id (digits, no `+`), when Meta shares the phone number. */
  from: z
    .string()
    .regex(/^\d{5,20}$/)
    .optional(),
  /** The customer's business-scoped user id; the only id of a customer who hides their number. */
  from_user_id: z.string().regex(BSUID_PATTERN).optional(),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z
        .object({ id: z.string(), title: z.string(), description: z.string().optional() })
        .optional(),
    })
    .optional(),
  /** A template's quick-reply button. */
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  image: Media,
  document: Media,
  video: Media,
  audio: Media,
  sticker: Media,
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppStatusSchema = z.object({
  id: MetaKeySafeIdSchema,
  status: z.string().min(1),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z
    .array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }))
    .optional(),
});

/** Messenger and Instagram: `entry[].messaging[]`. */
export const MessagingItemSchema = z.object({
  sender: z.object({ id: MetaKeySafeIdSchema }),
  recipient: z.object({ id: MetaAssetIdSchema }),
  timestamp: z.number().optional(),
  is_self: z.boolean().optional(),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_self: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      is_unsupported: z.boolean().optional(),
      attachments: z
        .array(
          z
            .object({
              type: z.string().optional(),
              payload: z.object({ url: z.string().optional() }).partial().nullish(),
            })
            .catch({}),
        )
        .optional(),
    })
    .optional(),
  /** A tapped button (Messenger postback, Instagram icebreaker). */
  postback: z.object({ mid: z.string().optional(), title: z.string().optional() }).optional(),
});
export type MessagingItem = z.infer<typeof MessagingItemSchema>;
