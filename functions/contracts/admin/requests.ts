import * as z from 'zod';
import { ChannelSchema } from '../messages.js';
import { normaliseOrigin } from '../origins.js';
import { ROLES } from '../roles.js';

/**
 * What the admin API's routes parse: every request body and query, and the vocabulary they check
 * against. The routes import these values; the answers' schemas live in the other files here and
 * reach the server as types only, so the admin-api bundle carries no schema it never runs.
 */

/** `POST /v1/assistant/try`: a question for the console's test chat (nothing is sent). */
export const TryBodySchema = z.object({
  question: z.string().trim().min(1).max(1000),
  // A zod/mini schema (the webhooks share it): classic wraps it with its function form.
  channel: z.optional(ChannelSchema),
});
export type TryBody = z.infer<typeof TryBodySchema>;

/** A date (`2026-11-23`, the whole day in UTC) or an instant (`2026-11-23T10:00:00Z`). */
const When = z.union([z.iso.date(), z.iso.datetime()], {
  error: 'must be a date like 2026-11-23 or an ISO time',
});

/**
 * `GET /v1/audit?from=&to=&limit=&cursor=`, as ISO instants: a bare `to` date means the end of
 * that day. Whether `cursor` is one the API gave out is the route's to check.
 */
export const AuditQuerySchema = z
  .object({
    from: When.optional(),
    to: When.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(400).optional(),
  })
  .transform(({ from, to, ...rest }) => ({
    ...rest,
    from: from ? new Date(from).toISOString() : '0000-01-01T00:00:00.000Z',
    to: to
      ? to.length === 10
        ? `${to}T23:59:59.999Z`
        : new Date(to).toISOString()
      : '9999-12-31T23:59:59.999Z',
  }));
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/**
 * The receiving address on each channel that routes customers to a business:
 * - `twilio`: a Twilio phone number in E.164 (SMS, WhatsApp via Twilio and voice calls to it);
 * - `whatsapp`: a WhatsApp Cloud API `phone_number_id`;
 * - `messenger`: a Facebook page id;
 * - `instagram`: an Instagram professional account id.
 */
export const RouteChannelSchema = z.enum(['twilio', 'whatsapp', 'messenger', 'instagram']);
export type RouteChannel = z.infer<typeof RouteChannelSchema>;

export const ADDRESS_PATTERNS: Record<RouteChannel, RegExp> = {
  twilio: /^\+[1-9]\d{6,14}$/,
  whatsapp: /^\d{5,25}$/,
  messenger: /^\d{5,25}$/,
  instagram: /^\d{5,25}$/,
};

export const ADDRESS_HINTS: Record<RouteChannel, string> = {
  twilio: 'a phone number in E.164, e.g. +14155550100',
  whatsapp: 'the WhatsApp Cloud API phone number id (digits), not the phone number',
  messenger: 'the Facebook page id (digits)',
  instagram: 'the Instagram professional account id (digits)',
};

const addressIssue = (body: { channel: RouteChannel; address: string }, ctx: z.RefinementCtx) => {
  if (!ADDRESS_PATTERNS[body.channel].test(body.address)) {
    ctx.addIssue({ code: 'custom', path: ['address'], message: `must be ${ADDRESS_HINTS[body.channel]}` });
  }
};

/**
 * `POST /v1/channels`: a business claims a Meta address with an access token that the Graph API
 * confirms controls it (Twilio numbers are assigned by the platform operator).
 */
export const ClaimRouteBodySchema = z
  .object({
    channel: RouteChannelSchema,
    address: z.string().trim().min(1).max(64),
    accessToken: z.string().trim().min(20).max(1024).optional(),
  })
  .strict()
  .superRefine(addressIssue);
export type ClaimRouteBody = z.infer<typeof ClaimRouteBodySchema>;

/** `POST /v1/tenants/{id}/channels` (platform key): a Twilio number of the platform's account. */
export const AssignNumberBodySchema = z
  .object({ channel: z.literal('twilio'), address: z.string().trim().min(1).max(64) })
  .strict()
  .superRefine(addressIssue);
export type AssignNumberBody = z.infer<typeof AssignNumberBodySchema>;

/** `POST /v1/conversations/{id}/messages`: the owner's own words to the customer. */
export const OwnerMessageBodySchema = z.object({ text: z.string().trim().min(1).max(1600) });
export type OwnerMessageBody = z.infer<typeof OwnerMessageBodySchema>;

/** `POST /v1/customers/erase`: the customer's number or address, or the conversation id. */
export const EraseBodySchema = z.object({ customer: z.string().trim().min(4).max(200) });
export type EraseBody = z.infer<typeof EraseBodySchema>;

/** `POST /v1/documents`: what the owner is about to upload; the answer holds a presigned POST. */
export const CreateDocumentBodySchema = z.object({
  filename: z.string().trim().min(1).max(255),
  contentType: z.string().trim().max(200).optional(),
  size: z.number().int().positive({
    error: 'the file is empty (0 bytes); choose the file that holds your menu, prices or policies',
  }),
});
export type CreateDocumentBody = z.infer<typeof CreateDocumentBodySchema>;

/** `POST /v1/search`: the passages a question retrieves (what the assistant would read). */
export const SearchBodySchema = z.object({
  query: z.string().trim().min(1).max(1000),
  k: z.number().int().min(1).max(20).default(5),
});
export type SearchBody = z.infer<typeof SearchBodySchema>;

/** `POST /v1/insights/gaps/{id}/answer`: the owner's answer, added to the knowledge as a fact. */
export const AnswerGapBodySchema = z.object({ answer: z.string().trim().min(1).max(1500) });
export type AnswerGapBody = z.infer<typeof AnswerGapBodySchema>;

/** `POST /v1/keys`. An empty body is fine: a key needs no label. */
export const CreateKeyBodySchema = z
  .object({ label: z.string().trim().min(1).max(60).optional() })
  .strict()
  .nullable()
  .transform((body) => body ?? {});
export type CreateKeyBody = z.infer<typeof CreateKeyBodySchema>;

/** `POST /v1/users`: invite a person to the business with a role. */
export const InviteBodySchema = z.object({ email: z.email().max(254), role: z.enum(ROLES) });
export type InviteBody = z.infer<typeof InviteBodySchema>;

/** `PATCH /v1/users/{id}`. */
export const RoleBodySchema = z.object({ role: z.enum(ROLES) });
export type RoleBody = z.infer<typeof RoleBodySchema>;

/** `POST /v1/me/mfa`: the person's access token, so the API asks the user pool itself. */
export const MfaBodySchema = z.object({ accessToken: z.string().min(20).max(8192) });
export type MfaBody = z.infer<typeof MfaBodySchema>;

/** An empty string clears a field (the answer engine then uses its default). */
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** `PUT /v1/tenant/profile`: the console's settings form, replaced whole. */
export const BusinessSettingsBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    tone: optionalText(200),
    hours: optionalText(500),
    language: optionalText(40),
  })
  .strict();
export type BusinessSettingsBody = z.infer<typeof BusinessSettingsBodySchema>;

const E164 = /^\+[1-9]\d{6,14}$/;
const WHATSAPP_E164 = /^whatsapp:\+[1-9]\d{6,14}$/;
const META_ID = /^[\w+.:-]{3,64}$/;

/** An address the owner is alerted on, and the business address alerts go out from. */
export const OwnerContactSchema = z
  .object({
    provider: z.enum(['twilio', 'meta']),
    channel: z.enum(['sms', 'whatsapp', 'messenger', 'instagram']),
    address: z.string().trim().min(3).max(64),
    via: z.string().trim().min(3).max(64),
  })
  .superRefine((contact, ctx) => {
    const twilio = contact.provider === 'twilio';
    if (twilio ? !['sms', 'whatsapp'].includes(contact.channel) : contact.channel === 'sms') {
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: `${contact.provider} does not carry ${contact.channel}`,
      });
    }
    const phone = contact.channel === 'whatsapp' ? WHATSAPP_E164 : E164;
    for (const field of ['address', 'via'] as const) {
      const ok = twilio ? phone.test(contact[field]) : META_ID.test(contact[field]);
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: twilio
            ? `must be ${contact.channel === 'whatsapp' ? 'whatsapp:+<E.164 number>' : 'an E.164 number, e.g. +14155550100'}`
            : 'must be a Meta id',
        });
      }
    }
  });
export type OwnerContact = z.infer<typeof OwnerContactSchema>;

/** `PATCH /v1/tenant/profile`: owner contacts, budget and answer settings, one field at a time. */
export const ProfileBodySchema = z
  .object({
    hours: z.string().trim().min(1).max(500),
    tone: z.string().trim().min(1).max(200),
    language: z.string().trim().min(2).max(40),
    monthlyBudgetUsd: z.number().min(0).max(100_000),
    ownerContacts: z.array(OwnerContactSchema).max(5),
  })
  .partial()
  .strict();
export type ProfileBody = z.infer<typeof ProfileBodySchema>;

/** `POST /v1/tenant/owner-contacts/confirm`: the code sent to a new owner-alert address. */
export const ConfirmBodySchema = z.object({
  address: z.string().trim().min(3).max(64),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'the 6-digit code'),
});
export type ConfirmBody = z.infer<typeof ConfirmBodySchema>;

/** What a template's numbered parameters ({{1}}, {{2}}...) are filled with, in order. */
export const TEMPLATE_PARAMETERS = ['message', 'business', 'customer_name'] as const;
export type TemplateParameter = (typeof TEMPLATE_PARAMETERS)[number];

export const TemplateChannelSchema = z.enum(['whatsapp', 'twilio']);
export type TemplateChannel = z.infer<typeof TemplateChannelSchema>;

/** A template's address, name and language, as a registration and a DELETE's path both check them. */
export const TEMPLATE_PATTERNS = {
  address: { whatsapp: /^\d{5,25}$/, twilio: /^\+[1-9]\d{6,14}$/ } satisfies Record<TemplateChannel, RegExp>,
  name: /^[a-z0-9_]{1,512}$/,
  language: /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/,
} as const;

/**
 * `PUT /v1/templates`: an approved WhatsApp message template for one of the business's addresses,
 * what an owner's reply goes out as once the customer's 24-hour window has closed. `whatsapp`: a
 * Cloud API phone number id and the template's name and language at Meta. `twilio`: a Twilio
 * number and the approved Content API template's ContentSid. `parameters` names what fills {{1}},
 * {{2}}... in order; one of them must be `message` (the owner's words).
 */
export const TemplateBodySchema = z
  .object({
    channel: TemplateChannelSchema,
    address: z.string().trim(),
    name: z
      .string()
      .trim()
      .regex(TEMPLATE_PATTERNS.name, 'lower-case letters, digits and _ (as Meta names templates)'),
    language: z
      .string()
      .trim()
      .regex(TEMPLATE_PATTERNS.language, 'a WhatsApp language code, e.g. en_US, es or pt_BR'),
    parameters: z
      .array(z.enum(TEMPLATE_PARAMETERS))
      .min(1)
      .max(TEMPLATE_PARAMETERS.length)
      .refine((p) => p.includes('message'), 'must include "message", where the owner\'s words go')
      .refine((p) => new Set(p).size === p.length, 'must not repeat a parameter'),
    contentSid: z
      .string()
      .regex(/^HX[0-9a-f]{32}$/, 'is a Twilio Content SID (HX followed by 32 hex digits)')
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!TEMPLATE_PATTERNS.address[body.channel].test(body.address)) {
      ctx.addIssue({
        code: 'custom',
        path: ['address'],
        message:
          body.channel === 'whatsapp'
            ? 'must be the WhatsApp Cloud API phone number id (digits)'
            : 'must be the Twilio number in E.164, e.g. +14155550100',
      });
    }
    if (body.channel === 'twilio' && !body.contentSid)
      ctx.addIssue({ code: 'custom', path: ['contentSid'], message: 'required for a Twilio number' });
    if (body.channel === 'whatsapp' && body.contentSid)
      ctx.addIssue({ code: 'custom', path: ['contentSid'], message: 'only for Twilio numbers' });
  });
export type TemplateBody = z.infer<typeof TemplateBodySchema>;

/** `POST /v1/tenants` (platform key): a new business. */
export const CreateTenantBodySchema = z.object({ name: z.string().trim().min(1).max(120) });
export type CreateTenantBody = z.infer<typeof CreateTenantBodySchema>;

/** The limits a business works within. */
export const PlanSchema = z.strictObject({
  /** Estimated model spend per calendar month (UTC), USD; 0 means no budget. */
  monthlyBudgetUsd: z.number().min(0).max(100_000),
  messagesPerMonth: z.number().int().positive().max(10_000_000),
  documents: z.number().int().positive().max(10_000),
  chunks: z.number().int().positive().max(1_000_000),
  testChatsPerMinute: z.number().int().positive().max(1_000),
  /** Messages website visitors may send through the chat widget per day, all visitors together. */
  webMessagesPerDay: z.number().int().positive().max(1_000_000),
});
export type Plan = z.infer<typeof PlanSchema>;

/** `PUT /v1/tenants/{id}/plan` (platform key): a field left out follows the stage's default plan. */
export const PlanBodySchema = PlanSchema.partial();
export type PlanBody = z.infer<typeof PlanBodySchema>;

/** A year of days answers any billing question without an unbounded query. */
export const MAX_USAGE_DAYS = 366;
const DAY_MS = 86_400_000;

const Day = z.iso.date({ error: 'must be a date like 2026-11-23' });

/**
 * `GET /v1/usage?from=yyyy-mm-dd&to=yyyy-mm-dd`. Without `to`: today (UTC); without `from`: the
 * first of the month of `to`, which is what a bill covers.
 */
export const UsageQuerySchema = z
  .object({ from: Day.optional(), to: Day.optional() })
  .transform(({ from, to }, ctx) => {
    const end = to ?? new Date().toISOString().slice(0, 10);
    const start = from ?? `${end.slice(0, 7)}-01`;
    const span = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
    if (span < 1) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
    if (span > MAX_USAGE_DAYS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_USAGE_DAYS} days at once` });
    return { from: start, to: end };
  });
export type UsageQuery = z.infer<typeof UsageQuerySchema>;

/** An origin as a browser sends it (`https://www.example.com`, no path); stored in that form. */
const OriginSchema = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    const origin = normaliseOrigin(value.replace(/\/$/, ''));
    if (!origin) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not an origin: write the scheme and host only, e.g. https://www.example.com`,
      });
      return z.NEVER;
    }
    return origin;
  });

/** `PUT /v1/website` (owners): where the chat widget may run and how it looks. */
export const WebsiteBodySchema = z
  .object({
    allowedOrigins: z.array(OriginSchema).max(20),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'accentColor is a colour like #1f6feb'),
    greeting: z.string().trim().max(300),
    title: z.string().trim().max(80),
  })
  .strict();
export type WebsiteBody = z.input<typeof WebsiteBodySchema>;
