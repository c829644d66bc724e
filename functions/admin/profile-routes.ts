import { randomUUID } from 'node:crypto';
import type { Runtime } from '../composition/runtime.js';
import {
  type BusinessSettingsBody,
  BusinessSettingsBodySchema,
  type ConfirmBody,
  ConfirmBodySchema,
  type ProfileBody,
  ProfileBodySchema,
} from '../contracts/admin/requests.js';
import type {
  BusinessSettings,
  ContactConfirmed,
  ProfileUpdated,
  SavedSettings,
} from '../contracts/admin-api.js';
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
      } satisfies BusinessSettings);
    },
  },
  {
    method: 'PUT',
    path: '/v1/tenant/profile',
    access: OWNER_ONLY,
    body: BusinessSettingsBodySchema,
    async handle(request, runtime) {
      const body = request.body as BusinessSettingsBody;
      if (!(await putBusinessSettings(runtime.table, tenantOf(request), body))) {
        throw new HttpError(404, 'Not found');
      }
      return jsonResponse(200, {
        name: body.name,
        tone: body.tone ?? '',
        hours: body.hours ?? '',
        language: body.language ?? '',
      } satisfies SavedSettings);
    },
  },
  {
    method: 'PATCH',
    path: '/v1/tenant/profile',
    access: OWNER_ONLY,
    body: ProfileBodySchema,
    async handle(request, runtime) {
      const { ownerContacts, ...update } = request.body as ProfileBody;
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
      } satisfies ProfileUpdated);
    },
  },
  {
    method: 'POST',
    path: '/v1/tenant/owner-contacts/confirm',
    access: OWNER_ONLY,
    body: ConfirmBodySchema,
    async handle(request, runtime) {
      const { address, code } = request.body as ConfirmBody;
      const outcome = await confirmOwnerContact(runtime.table, address, code, tenantOf(request));
      if (outcome.status === 'confirmed')
        return jsonResponse(200, { address, confirmed: true } satisfies ContactConfirmed);
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
