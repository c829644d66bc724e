import * as z from 'zod';
import { TEMPLATE_PARAMETERS, TemplateChannelSchema } from './requests.js';

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
