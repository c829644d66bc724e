import * as z from 'zod';

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

/** `PUT /v1/tenant/profile` (200): the settings as saved; a cleared field is an empty string. */
export const SavedSettingsSchema = z.strictObject({
  name: z.string(),
  tone: z.string(),
  hours: z.string(),
  language: z.string(),
});
export type SavedSettings = z.infer<typeof SavedSettingsSchema>;

/** `GET /v1/tenant/profile`: the settings and the business code customers name it by. */
export const BusinessSettingsSchema = SavedSettingsSchema.extend({ code: z.string() });
export type BusinessSettings = z.infer<typeof BusinessSettingsSchema>;

/** `PATCH /v1/tenant/profile`: the fields changed, and the new alert addresses awaiting their code. */
export const ProfileUpdatedSchema = z.strictObject({
  updated: z.array(z.string()),
  pendingConfirmation: z.array(z.string()),
});
export type ProfileUpdated = z.infer<typeof ProfileUpdatedSchema>;

/** `POST /v1/tenant/owner-contacts/confirm` (200). */
export const ContactConfirmedSchema = z.strictObject({ address: z.string(), confirmed: z.literal(true) });
export type ContactConfirmed = z.infer<typeof ContactConfirmedSchema>;
