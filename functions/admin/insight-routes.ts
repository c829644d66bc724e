import { z } from 'zod';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { updateAnswerProfile } from '../store/business-profile.js';
import { closeKnowledgeGap, listInsightDays, listOpenGaps } from '../store/insights.js';
import { dayOf, getMonthUsage, monthOf } from '../store/usage.js';
import { type AdminRoute, tenantOf } from './router.js';

const MAX_DAYS = 90;

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

/** What the owner learns from their customers, and the answer settings they can change. */
export const insightRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/insights',
    access: 'tenant',
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
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/insights/gaps/{id}/close',
    access: 'tenant',
    async handle(request, runtime) {
      const id = request.params.id ?? '';
      const closed =
        /^[0-9a-f]{16}$/.test(id) && (await closeKnowledgeGap(runtime.table, tenantOf(request), id));
      if (!closed) throw new HttpError(404, 'Not found');
      return jsonResponse(200, { gapId: id, status: 'closed' });
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
