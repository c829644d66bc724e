import type { GapClosed, Insights } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_AND_STAFF } from '../contracts/roles.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { closeKnowledgeGap, listInsightDays, listOpenGaps } from '../store/insights.js';
import { dayOf, getMonthUsage, monthOf } from '../store/usage.js';
import { type AdminRoute, tenantOf } from './router.js';

const MAX_DAYS = 90;

/** What the owner learns from their customers, and the answer settings they can change. */
export const insightRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/insights',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const days = Number(request.event.queryStringParameters?.days ?? 30);
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
        throw new BadRequestError(`days must be a whole number from 1 to ${MAX_DAYS}`);
      }
      const to = dayOf();
      const from = dayOf(new Date(Date.now() - (days - 1) * 86_400_000));
      const [perDay, openGaps, month] = await Promise.all([
        listInsightDays(runtime.table, tenantId, from, to),
        listOpenGaps(runtime.table, tenantId),
        getMonthUsage(runtime.table, tenantId, monthOf()),
      ]);
      const intents = new Map<string, number>();
      for (const day of perDay)
        for (const [intent, n] of Object.entries(day.intents))
          intents.set(intent, (intents.get(intent) ?? 0) + n);
      return jsonResponse(200, {
        from,
        to,
        messages: perDay.reduce((n, d) => n + d.messages, 0),
        topIntents: [...intents]
          .map(([intent, count]) => ({ intent, count }))
          .sort((a, b) => b.count - a.count),
        sentimentByDay: perDay.map((d) => ({ day: d.day, messages: d.messages, ...d.sentiment })),
        openGaps,
        usageThisMonth: month,
      } satisfies Insights);
    },
  },
  {
    method: 'POST',
    path: '/v1/insights/gaps/{id}/close',
    access: OWNER_AND_STAFF,
    async handle(request, runtime) {
      const id = request.params.id ?? '';
      const closed =
        /^[0-9a-f]{16}$/.test(id) && (await closeKnowledgeGap(runtime.table, tenantOf(request), id));
      if (!closed) throw new HttpError(404, 'Not found');
      return jsonResponse(200, { gapId: id, status: 'closed' } satisfies GapClosed);
    },
  },
];
