import * as z from 'zod/mini';

/**
 * Zod schemas for the parts of Meta's webhook payloads that Frontdesk reads. The envelope is
 * parsed loosely and each item on its own, so one odd item is skipped with a reason instead of
 * failing a batch of hundreds. Unknown fields pass through untouched.
 */
/**
 * A business asset id (WhatsApp phone number id, page id, Instagram account id): digits, as the
 * admin API claims them. Anything else can route to no business.
 */
export const MetaAssetIdSchema = z.string().check(z.regex(/^\d{1,32}$/, 'is not a Meta asset id (digits)'));

/**
 * A customer's id (page- or Instagram-scoped id, business-scoped user id) or a message id: it
 * becomes part of table keys, so no `#`, whitespace or control characters.
 */
export const MetaKeySafeIdSchema = z.string().check(z.regex(/^[^\s#\p{Cc}]{1,512}$/u, 'is not a Meta id'));

export const MetaEnvelopeSchema = z.object({
  object: z.string(),
  entry: z._default(z.array(z.unknown()), []),
});

export const MetaEntrySchema = z.object({
  id: z.optional(z.string()),
  changes: z.optional(z.array(z.unknown())),
  messaging: z.optional(z.array(z.unknown())),
  standby: z.optional(z.array(z.unknown())),
});

/** WhatsApp Cloud API: `entry[].changes[]` with `field: "messages"`. */
export const WhatsAppChangeSchema = z.object({
  field: z.string(),
  value: z.object({
    metadata: z.object({ phone_number_id: MetaAssetIdSchema, display_phone_number: z.optional(z.string()) }),
    contacts: z.optional(
      z.array(
        z.object({
          wa_id: z.optional(z.string()),
          user_id: z.optional(z.string()),
          profile: z.optional(z.partial(z.object({ name: z.string() }))),
        }),
      ),
    ),
    messages: z.optional(z.array(z.unknown())),
    statuses: z.optional(z.array(z.unknown())),
    errors: z.optional(z.array(z.unknown())),
  }),
});

const Media = z.optional(
  z.object({
    caption: z.optional(z.string()),
    /** The media id to fetch (`GET /<media-id>` with the number's token, then its url). */
    id: z.optional(z.string().check(z.regex(/^\d{1,40}$/))),
    mime_type: z.optional(z.string().check(z.maxLength(200))),
  }),
);

/**
 * A business-scoped user id (`US.13491208655302741918`, `US.ENT.118...`): since WhatsApp
 * usernames (2026), a customer who adopted one may arrive with this instead of a phone number.
 */
export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

export const WhatsAppMessageSchema = z.object({
  /** The customer's WhatsApp id (digits, no `+`), when Meta shares the phone number. */
  from: z.optional(z.string().check(z.regex(/^\d{5,20}$/))),
  /** The customer's business-scoped user id; the only id of a customer who hides their number. */
  from_user_id: z.optional(z.string().check(z.regex(BSUID_PATTERN))),
  id: z.string().check(z.minLength(1)),
  timestamp: z.string().check(z.regex(/^\d+$/)),
  type: z.string(),
  text: z.optional(z.object({ body: z.string() })),
  interactive: z.optional(
    z.object({
      type: z.string(),
      button_reply: z.optional(z.object({ id: z.string(), title: z.string() })),
      list_reply: z.optional(
        z.object({ id: z.string(), title: z.string(), description: z.optional(z.string()) }),
      ),
    }),
  ),
  /** A template's quick-reply button. */
  button: z.optional(z.object({ text: z.string(), payload: z.optional(z.string()) })),
  image: Media,
  document: Media,
  video: Media,
  audio: Media,
  sticker: Media,
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppStatusSchema = z.object({
  id: MetaKeySafeIdSchema,
  status: z.string().check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  recipient_id: z.optional(z.string()),
  errors: z.optional(
    z.array(z.object({ code: z.number(), title: z.optional(z.string()), message: z.optional(z.string()) })),
  ),
});

/** Messenger and Instagram: `entry[].messaging[]`. */
export const MessagingItemSchema = z.object({
  sender: z.object({ id: MetaKeySafeIdSchema }),
  recipient: z.object({ id: MetaAssetIdSchema }),
  timestamp: z.optional(z.number()),
  is_self: z.optional(z.boolean()),
  message: z.optional(
    z.object({
      mid: z.string().check(z.minLength(1)),
      text: z.optional(z.string()),
      is_echo: z.optional(z.boolean()),
      is_self: z.optional(z.boolean()),
      is_deleted: z.optional(z.boolean()),
      is_unsupported: z.optional(z.boolean()),
      attachments: z.optional(
        z.array(
          z.catch(
            z.object({
              type: z.optional(z.string()),
              payload: z.nullish(z.partial(z.object({ url: z.optional(z.string()) }))),
            }),
            {},
          ),
        ),
      ),
    }),
  ),
  /** A tapped button (Messenger postback, Instagram icebreaker). */
  postback: z.optional(z.object({ mid: z.optional(z.string()), title: z.optional(z.string()) })),
});
export type MessagingItem = z.infer<typeof MessagingItemSchema>;
