import type { Runtime } from '../composition/runtime.js';
import {
  type CreateTenantBody,
  CreateTenantBodySchema,
  type PlanBody,
  PlanBodySchema,
} from '../contracts/admin/requests.js';
import type { PlanReport, Tenant, TenantCreated, TenantKeyIssued } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { makeBusinessCode } from '../conversation/business-code.js';
import { knowledgeUsage, tenantPlan } from '../knowledge/knowledge-quota.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { issueApiKey } from '../store/api-keys.js';
import { effectiveBudgetUsd, putPlanOverrides } from '../store/plans.js';
import { createTenant, findTenantByCode, getTenant } from '../store/tenants.js';
import { getMonthUsage, monthOf } from '../store/usage.js';
import { type AdminRoute, tenantOf } from './router.js';

const TENANT_ID = /^[\w-]{1,64}$/;

const tenantOr404 = async (runtime: Runtime, id: string) => {
  const tenant = TENANT_ID.test(id) ? await getTenant(runtime.table, id) : undefined;
  if (!tenant) throw new HttpError(404, 'Not found');
  return tenant;
};

/** The plan in force, what this month used of it, and the knowledge it holds. */
const planView = async (runtime: Runtime, tenantId: string): Promise<PlanReport> => {
  const [{ plan, ownBudgetUsd }, month, knowledge] = await Promise.all([
    tenantPlan(runtime.table, runtime.config.defaultPlan, tenantId),
    getMonthUsage(runtime.table, tenantId, monthOf()),
    knowledgeUsage(runtime.table, tenantId),
  ]);
  return {
    tenantId,
    plan,
    budgetInForceUsd: effectiveBudgetUsd(plan, ownBudgetUsd),
    used: { month: monthOf(), messages: month.messages, costUsd: month.costUsd, ...knowledge },
  };
};

export const tenantRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/tenants',
    access: 'platform',
    body: CreateTenantBodySchema,
    async handle(request, runtime) {
      const { name } = request.body as CreateTenantBody;
      const tenant = await createTenant(runtime.table, { name, codeFor: () => makeBusinessCode(name) });
      const apiKey = await issueApiKey(runtime.table, tenant.tenantId, 'issued with the business');
      return jsonResponse(201, {
        tenantId: tenant.tenantId,
        code: tenant.code,
        name: tenant.name,
        apiKey,
      } satisfies TenantCreated);
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
      return jsonResponse(201, {
        tenantId: tenant.tenantId,
        code: tenant.code,
        apiKey,
      } satisfies TenantKeyIssued);
    },
  },
  {
    method: 'PUT',
    path: '/v1/tenants/{id}/plan',
    access: 'platform',
    body: PlanBodySchema,
    async handle(request, runtime) {
      const tenant = await tenantOr404(runtime, request.params.id ?? '');
      await putPlanOverrides(runtime.table, tenant.tenantId, request.body as PlanBody);
      return jsonResponse(200, await planView(runtime, tenant.tenantId));
    },
  },
  {
    method: 'GET',
    path: '/v1/tenants/{id}/plan',
    access: 'platform',
    async handle(request, runtime) {
      const tenant = await tenantOr404(runtime, request.params.id ?? '');
      return jsonResponse(200, await planView(runtime, tenant.tenantId));
    },
  },
  {
    method: 'GET',
    path: '/v1/tenant/plan',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      return jsonResponse(200, await planView(runtime, tenantOf(request)));
    },
  },
  {
    method: 'GET',
    path: '/v1/tenant',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenant = await getTenant(runtime.table, tenantOf(request));
      if (!tenant) throw new HttpError(404, 'Not found');
      const { tenantId, name, code, createdAt } = tenant;
      return jsonResponse(200, { tenantId, name, code, createdAt } satisfies Tenant);
    },
  },
];
