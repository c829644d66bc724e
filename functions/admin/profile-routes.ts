import { z } from 'zod';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { getBusinessSettings, putBusinessSettings, updateAnswerProfile } from '../store/business-profile.js';
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
        z.object({
          provider: z.enum(['twilio', 'meta']),
          channel: z.enum(['sms', 'whatsapp', 'messenger', 'instagram']),
          address: z.string().trim().min(3).max(64),
          via: z.string().trim().min(3).max(64),
        }),
      )
      .max(5),
  })
  .partial()
  .strict();

/** The business profile: read and replaced by the console (GET, PUT), patched field by field (PATCH). */
export const profileRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/tenant/profile',
    access: 'tenant',
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
    access: 'tenant',
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
    access: 'tenant',
    body: ProfileBody,
    async handle(request, runtime) {
      const update = request.body as z.infer<typeof ProfileBody>;
      if (!(await updateAnswerProfile(runtime.table, tenantOf(request), update))) {
        throw new HttpError(404, 'Not found');
      }
      return jsonResponse(200, { updated: Object.keys(update) });
    },
  },
];
