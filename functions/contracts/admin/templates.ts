import * as z from 'zod';

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

/** A registered template (`PUT /v1/templates` answers it; `GET /v1/templates` lists them). */
export const MessageTemplateSchema = z.strictObject({
  channel: TemplateChannelSchema,
  address: z.string(),
  name: z.string(),
  /** Meta's language code, e.g. `en_US`, `es`, `pt_BR`. */
  language: z.string(),
  parameters: z.array(z.enum(TEMPLATE_PARAMETERS)),
  /** The Twilio Content API template (HX...); absent on the WhatsApp Cloud API. */
  contentSid: z.string().optional(),
  createdAt: z.string(),
});
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>;

export const TemplateListSchema = z.strictObject({ templates: z.array(MessageTemplateSchema) });
export type TemplateList = z.infer<typeof TemplateListSchema>;
