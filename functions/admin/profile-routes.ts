import { z } from 'zod';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { getBusinessSettings, putBusinessSettings } from '../store/business-settings.js';
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

/** The business profile an owner reads and edits in the console. */
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
];
