import { type EraseBody, EraseBodySchema } from '../contracts/admin/requests.js';
import type { BusinessDeleted, CustomerErased, ExportReady } from '../contracts/admin-api.js';
import { OWNER_ONLY } from '../contracts/roles.js';
import { deleteBusiness } from '../data-rights/delete-business.js';
import { eraseCustomer } from '../data-rights/erase-customer.js';
import { exportBusinessData } from '../data-rights/export-archive.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { appendAudit } from '../store/audit.js';
import { type AdminRoute, auditContext, tenantOf } from './router.js';

const TENANT_ID = /^[\w-]{1,64}$/;

/**
 * Data rights: an owner exports everything as one archive and erases one customer on request;
 * the platform operator deletes a business with everything it owns. Each is on record; the
 * erase's entry names the conversation by its id and counts, never the customer's words.
 */
export const dataRightsRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/exports',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const result: ExportReady = await exportBusinessData(
        { table: runtime.table, files: runtime.tenantFiles, linkSeconds: runtime.config.exports.linkSeconds },
        tenantOf(request),
      );
      return jsonResponse(201, result);
    },
    audit: (_request, result) => ({ detail: JSON.parse(result.body ?? '{}').contents }),
  },
  {
    method: 'POST',
    path: '/v1/customers/erase',
    access: OWNER_ONLY,
    body: EraseBodySchema,
    auditsItself: true,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const { customer } = request.body as EraseBody;
      const result: CustomerErased = await eraseCustomer(
        { table: runtime.table, sharedNumbers: runtime.config.sharedNumbers },
        tenantId,
        customer,
      );
      await appendAudit(
        runtime.table,
        {
          ...auditContext(request),
          tenantId,
          action: 'customer.erase',
          target: `conversation/${result.conversationId}`,
          detail: result.erased,
        },
        runtime.config.audit.retentionDays,
      );
      return jsonResponse(200, result);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/tenants/{id}',
    access: 'platform',
    auditsItself: true,
    async handle(request, runtime) {
      const id = request.params.id ?? '';
      if (!TENANT_ID.test(id)) throw new HttpError(404, 'Not found');
      const result: BusinessDeleted = await deleteBusiness(
        {
          table: runtime.table,
          knowledge: runtime.knowledge,
          files: runtime.tenantFiles,
          identity: runtime.identity,
          channelTokens: runtime.channelTokens,
        },
        id,
      );
      // The business's own trail went with it; the platform's keeps that it was deleted.
      await appendAudit(
        runtime.table,
        {
          ...auditContext(request),
          action: 'DELETE /v1/tenants/{id}',
          target: `tenant/${result.tenantId}`,
          detail: { code: result.code, ...result.deleted },
        },
        runtime.config.audit.retentionDays,
      );
      return jsonResponse(200, result);
    },
  },
];
