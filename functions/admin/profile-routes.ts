import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Runtime } from '../composition/runtime.js';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import {
  type ContactInput,
  confirmOwnerContact,
  replaceOwnerContacts,
} from '../conversation/owner-contacts.js';
import { replies } from '../conversation/replies.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { enqueueInbound } from '../queue/answer-queue.js';
import {
  getAnswerProfile,
  getBusinessSettings,
  putBusinessSettings,
  updateAnswerProfile,
} from '../store/business-profile.js';
import { planOf } from '../store/plans.js';
import { getTenant, type TenantProfile } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

/** An empty string clears a field (the answer engine then uses its default). */
const optionalText = (max: number) => z.string().trim().max(max).optional();

const BusinessSettingsBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    tone: optionalText(200),
    hours: optionalText(500),
    language: optionalText(40),
  })
  .strict();

/** Owner contacts, budget and answer settings, changed one field at a time (the API's partial update). */
const ProfileBody = z
  .object({
    hours: z.string().trim().min(1).max(500),
    tone: z.string().trim().min(1).max(200),
    language: z.string().trim().min(2).max(40),
    monthlyBudgetUsd: z.number().min(0).max(100_000),
    ownerContacts: z
      .array(
        z
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
            const phone = contact.channel === 'whatsapp' ? /^whatsapp:\+[1-9]\d{6,14}$/ : /^\+[1-9]\d{6,14}$/;
            for (const field of ['address', 'via'] as const) {
              const ok = twilio ? phone.test(contact[field]) : /^[\w+.:-]{3,64}$/.test(contact[field]);
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
          }),
      )
      .max(5),
  })
  .partial()
  .strict();

const ConfirmBody = z.object({
  address: z.string().trim().min(3).max(64),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'the 6-digit code'),
});

/** The business profile: read and replaced by the console (GET, PUT), patched field by field (PATCH). */
export const profileRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/tenant/profile',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const settings = await getBusinessSettings(runtime.table, tenantOf(request));
      if (!settings) throw new HttpError(404, 'Not found');
      return jsonResponse(200, {
        name: settings.name,
        code: settings.code,
        tone: settings.tone ?? '',
        hours: settings.hours ?? '',
        language: settings.language ?? '',
      });
    },
  },
  {
    method: 'PUT',
    path: '/v1/tenant/profile',
    access: OWNER_ONLY,
    body: BusinessSettingsBody,
    async handle(request, runtime) {
      const body = request.body as z.infer<typeof BusinessSettingsBody>;
      if (!(await putBusinessSettings(runtime.table, tenantOf(request), body))) {
        throw new HttpError(404, 'Not found');
      }
      return jsonResponse(200, {
        name: body.name,
        tone: body.tone ?? '',
        hours: body.hours ?? '',
        language: body.language ?? '',
      });
    },
  },
  {
    method: 'PATCH',
    path: '/v1/tenant/profile',
    access: OWNER_ONLY,
    body: ProfileBody,
    async handle(request, runtime) {
      const { ownerContacts, ...update } = request.body as z.infer<typeof ProfileBody>;
      const tenantId = tenantOf(request);
      const tenant = await getTenant(runtime.table, tenantId);
      const profile = await getAnswerProfile(runtime.table, tenantId);
      if (!tenant || !profile) throw new HttpError(404, 'Not found');
      const plan = planOf(runtime.config.defaultPlan, profile.plan);
      if (
        update.monthlyBudgetUsd !== undefined &&
        plan.monthlyBudgetUsd > 0 &&
        update.monthlyBudgetUsd > plan.monthlyBudgetUsd
      ) {
        throw new BadRequestError(
          `monthlyBudgetUsd: your plan allows at most $${plan.monthlyBudgetUsd} a month; ask the platform operator to raise it`,
        );
      }
      if (!(await updateAnswerProfile(runtime.table, tenantId, update)))
        throw new HttpError(404, 'Not found');
      const pendingConfirmation = ownerContacts
        ? await requestConfirmations(runtime, tenant, ownerContacts)
        : [];
      return jsonResponse(200, {
        updated: [...Object.keys(update), ...(ownerContacts ? ['ownerContacts'] : [])],
        pendingConfirmation,
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/tenant/owner-contacts/confirm',
    access: OWNER_ONLY,
    body: ConfirmBody,
    async handle(request, runtime) {
      const { address, code } = request.body as z.infer<typeof ConfirmBody>;
      const outcome = await confirmOwnerContact(runtime.table, address, code, tenantOf(request));
      if (outcome.status === 'confirmed') return jsonResponse(200, { address, confirmed: true });
      if (outcome.status === 'no-pending')
        throw new HttpError(404, 'No confirmation is waiting for this address, or its code expired');
      if (outcome.status === 'too-many-attempts')
        throw new HttpError(429, 'Too many wrong codes: add the address again for a new code');
      throw new BadRequestError("code: that code doesn't match the one sent to this address");
    },
  },
];

/** Saves the contacts and sends each new one its code (through the answer queue, like every send). */
const requestConfirmations = async (
  runtime: Runtime,
  tenant: TenantProfile,
  contacts: ContactInput[],
): Promise<string[]> => {
  const requests = await replaceOwnerContacts(runtime.table, tenant, runtime.config.sharedNumbers, contacts);
  for (const { contact, code } of requests) {
    await enqueueInbound(runtime.answerQueue, {
      provider: contact.provider,
      channel: contact.channel,
      providerMessageId: `notice-${randomUUID()}`,
      from: contact.address,
      to: contact.via,
      text: replies.alertConfirmationRequest(tenant.name, code),
      tenantId: tenant.tenantId,
      receivedAt: new Date().toISOString(),
      platformNotice: true,
    });
  }
  return requests.map(({ contact }) => contact.address);
};
