import * as z from 'zod';
import { OWNER_ONLY } from '../contracts/roles.js';
import { BadRequestError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { decodeCursor, listAudit } from '../store/audit.js';
import { type AdminRoute, tenantOf } from './router.js';

/** A date (`2026-11-23`, the whole day in UTC) or an instant (`2026-11-23T10:00:00Z`). */
const When = z.union([z.iso.date(), z.iso.datetime()], {
  error: 'must be a date like 2026-11-23 or an ISO time',
});

const AuditQuery = z
  .object({
    from: When.optional(),
    to: When.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(400)
      .refine((c) => decodeCursor(c) !== undefined, 'is not a cursor this API gave out')
      .optional(),
  })
  .transform(({ from, to, ...rest }) => ({
    ...rest,
    from: from ? new Date(from).toISOString() : '0000-01-01T00:00:00.000Z',
    // A bare date means the end of that day.
    to: to
      ? to.length === 10
        ? `${to}T23:59:59.999Z`
        : new Date(to).toISOString()
      : '9999-12-31T23:59:59.999Z',
  }));

/**
 * `GET /v1/audit?from=&to=&limit=&cursor=`: the business's audit trail, newest first, a page at a
 * time (`cursor` from the previous page). Owners only. There is no route that changes or deletes
 * an entry: the trail is append-only, and entries leave after the stage's retention.
 */
export const auditRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/audit',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const query = AuditQuery.safeParse(request.event.queryStringParameters ?? {});
      if (!query.success) {
        throw new BadRequestError(
          `Invalid audit query: ${query.error.issues.map((i) => `${i.path.join('.') || 'query'} ${i.message}`).join('; ')}`,
        );
      }
      if (query.data.from > query.data.to) throw new BadRequestError('Invalid audit query: from is after to');
      const page = await listAudit(runtime.table, tenantOf(request), query.data);
      return jsonResponse(200, { ...page, retentionDays: runtime.config.audit.retentionDays });
    },
  },
];
