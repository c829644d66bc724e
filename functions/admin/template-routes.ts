import * as z from 'zod';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import {
  deleteMessageTemplate,
  listMessageTemplates,
  putMessageTemplate,
  TEMPLATE_PARAMETERS,
} from '../store/message-templates.js';
import { resolveTenantByAddress } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

/**
 * The business's approved WhatsApp message templates, per address: what an owner's reply goes
 * out as once the customer's 24-hour window has closed. `whatsapp`: a Cloud API phone number id
 * and the template's name and language at Meta. `twilio`: a Twilio number and the approved
 * Content API template's ContentSid. `parameters` names what fills {{1}}, {{2}}... in order;
 * one of them must be `message` (the owner's words).
 */
const TemplateChannel = z.enum(['whatsapp', 'twilio']);
const ADDRESS = { whatsapp: /^\d{5,25}$/, twilio: /^\+[1-9]\d{6,14}$/ } as const;
const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/;

const TemplateBody = z
  .object({
    channel: TemplateChannel,
    address: z.string().trim(),
    name: z.string().trim().regex(NAME, 'lower-case letters, digits and _ (as Meta names templates)'),
    language: z.string().trim().regex(LANGUAGE, 'a WhatsApp language code, e.g. en_US, es or pt_BR'),
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
    if (!ADDRESS[body.channel].test(body.address)) {
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

/** `{channel}/{address}/{name}/{language}` of a DELETE, checked as strictly as a registration. */
const templateParams = (params: Record<string, string>) => {
  const channel = TemplateChannel.safeParse(params.channel);
  const { address = '', name = '', language = '' } = params;
  if (
    !channel.success ||
    !ADDRESS[channel.data].test(address) ||
    !NAME.test(name) ||
    !LANGUAGE.test(language)
  )
    throw new BadRequestError('Unknown channel or malformed address, name or language');
  return { channel: channel.data, address, name, language };
};

export const templateRoutes: AdminRoute[] = [
  {
    method: 'PUT',
    path: '/v1/templates',
    access: OWNER_ONLY,
    body: TemplateBody,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const body = request.body as z.infer<typeof TemplateBody>;
      // Only for an address this business holds: its templates are its own to send.
      if ((await resolveTenantByAddress(runtime.table, body.channel, body.address)) !== tenantId) {
        throw new HttpError(
          404,
          `This business has no ${body.channel} address ${body.address}: connect it first (POST /v1/channels)`,
        );
      }
      const template = { ...body, createdAt: new Date().toISOString() };
      await putMessageTemplate(runtime.table, tenantId, template);
      return jsonResponse(200, template);
    },
  },
  {
    method: 'GET',
    path: '/v1/templates',
    access: ANY_ROLE,
    async handle(request, runtime) {
      return jsonResponse(200, { templates: await listMessageTemplates(runtime.table, tenantOf(request)) });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/templates/{channel}/{address}/{name}/{language}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const deleted = await deleteMessageTemplate(
        runtime.table,
        tenantOf(request),
        templateParams(request.params),
      );
      if (!deleted) throw new HttpError(404, 'This business has no such template');
      return { statusCode: 204 };
    },
  },
];
