import { AuditQuerySchema } from '../contracts/admin/requests.js';
import type { AuditPage } from '../contracts/admin-api.js';
import { OWNER_ONLY } from '../contracts/roles.js';
import { BadRequestError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { decodeCursor, listAudit } from '../store/audit.js';
import { type AdminRoute, tenantOf } from './router.js';

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
      const query = AuditQuerySchema.safeParse(request.event.queryStringParameters ?? {});
      if (!query.success) {
        throw new BadRequestError(
          `Invalid audit query: ${query.error.issues.map((i) => `${i.path.join('.') || 'query'} ${i.message}`).join('; ')}`,
        );
      }
      const { cursor } = query.data;
      if (cursor !== undefined && decodeCursor(cursor) === undefined)
        throw new BadRequestError('Invalid audit query: cursor is not a cursor this API gave out');
      if (query.data.from > query.data.to) throw new BadRequestError('Invalid audit query: from is after to');
      const page = await listAudit(runtime.table, tenantOf(request), query.data);
      return jsonResponse(200, {
        ...page,
        retentionDays: runtime.config.audit.retentionDays,
      } satisfies AuditPage);
    },
  },
];
