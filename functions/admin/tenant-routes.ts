import { z } from 'zod';
import { makeBusinessCode } from '../conversation/business-code.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { issueApiKey } from '../store/api-keys.js';
import { createTenant, findTenantByCode, getTenant } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

const CreateTenantBody = z.object({ name: z.string().trim().min(1).max(120) });

export const tenantRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/tenants',
    access: 'platform',
    body: CreateTenantBody,
    async handle(request, runtime) {
      const { name } = request.body as z.infer<typeof CreateTenantBody>;
      const tenant = await createTenant(runtime.table, { name, codeFor: () => makeBusinessCode(name) });
      const apiKey = await issueApiKey(runtime.table, tenant.tenantId, 'issued with the business');
      return jsonResponse(201, { tenantId: tenant.tenantId, code: tenant.code, name: tenant.name, apiKey });
    },
  },
  {
    // Tenants made by chat (`!register`) have no key yet; the platform operator can issue one.
    // Each call issues a new key; earlier keys stay valid (the business lists and revokes them
    // with GET and DELETE /v1/keys).
    method: 'POST',
    path: '/v1/tenants/{id}/api-keys',
    access: 'platform',
    async handle(request, runtime) {
      // The id or the business code: an owner who registered by chat knows only the code.
      const id = request.params.id ?? '';
      const tenant = /^[\w-]{1,64}$/.test(id)
        ? ((await getTenant(runtime.table, id)) ?? (await findTenantByCode(runtime.table, id)))
        : undefined;
      if (!tenant) throw new HttpError(404, 'Not found');
      const apiKey = await issueApiKey(runtime.table, tenant.tenantId, 'issued by the platform');
      return jsonResponse(201, { tenantId: tenant.tenantId, code: tenant.code, apiKey });
    },
  },
  {
    method: 'GET',
    path: '/v1/tenant',
    access: 'tenant',
    async handle(request, runtime) {
      const tenant = await getTenant(runtime.table, tenantOf(request));
      if (!tenant) throw new HttpError(404, 'Not found');
      const { tenantId, name, code, createdAt } = tenant;
      return jsonResponse(200, { tenantId, name, code, createdAt });
    },
  },
];
