import { UsageQuerySchema } from '../contracts/admin/requests.js';
import type { UsageReport } from '../contracts/admin-api.js';
import { ANY_ROLE } from '../contracts/roles.js';
import { BadRequestError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { getMonthUsage, monthOf } from '../store/usage.js';
import { listUsageDays, sumUsage } from '../store/usage-history.js';
import { type AdminRoute, tenantOf } from './router.js';

/**
 * `GET /v1/usage?from=yyyy-mm-dd&to=yyyy-mm-dd`: the calling tenant's answered messages, model
 * calls, tokens and estimated model cost per day (UTC), their totals, and this month so far.
 * Without parameters, the current month. A tenant key reads only its own tenant: the tenant comes
 * from the key, never from the request.
 */
export const usageRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/usage',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const query = UsageQuerySchema.safeParse(request.event.queryStringParameters ?? {});
      if (!query.success) {
        throw new BadRequestError(
          `Invalid usage query: ${query.error.issues.map((i) => `${i.path.join('.') || 'query'} ${i.message}`).join('; ')}`,
        );
      }
      const { from, to } = query.data;
      const [days, thisMonth] = await Promise.all([
        listUsageDays(runtime.table, tenantId, from, to),
        getMonthUsage(runtime.table, tenantId, monthOf()),
      ]);
      return jsonResponse(200, {
        from,
        to,
        days,
        totals: sumUsage(days),
        thisMonth: { month: monthOf(), ...thisMonth },
        note: 'costUsd is estimated from model list prices; channel fees (Twilio, Meta) are billed by them.',
      } satisfies UsageReport);
    },
  },
];
