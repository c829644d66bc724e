import * as z from 'zod';
import { ANY_ROLE } from '../contracts/roles.js';
import { BadRequestError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { dayOf, getMonthUsage, monthOf } from '../store/usage.js';
import { listUsageDays, sumUsage } from '../store/usage-history.js';
import { type AdminRoute, tenantOf } from './router.js';

/** A year of days answers any billing question without an unbounded query. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const Day = z.iso.date({ error: 'must be a date like 2026-11-23' });
const UsageQuery = z.object({ from: Day.optional(), to: Day.optional() }).transform(({ from, to }, ctx) => {
  const today = dayOf();
  const end = to ?? today;
  // Without `from`: the month of `to`, which is what a bill covers.
  const start = from ?? `${end.slice(0, 7)}-01`;
  const span = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
  if (span < 1) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
  if (span > MAX_DAYS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_DAYS} days at once` });
  return { from: start, to: end };
});

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
      const query = UsageQuery.safeParse(request.event.queryStringParameters ?? {});
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
      });
    },
  },
];
