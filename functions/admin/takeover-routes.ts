import type { Runtime } from '../composition/runtime.js';
import type { HandoffChanged } from '../contracts/admin-api.js';
import { OWNER_AND_STAFF } from '../contracts/roles.js';
import { handBackConversation, takeOverConversation } from '../conversation/owner-takeover.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { findConversation } from '../store/conversations.js';
import { type AdminRequest, type AdminRoute, tenantOf } from './router.js';

const ownConversation = async (request: AdminRequest, runtime: Runtime) => {
  const tenantId = tenantOf(request);
  // The lookup is inside this tenant's partition: another tenant's id finds nothing.
  const conversation = await findConversation(runtime.table, tenantId, request.params.id ?? '');
  if (!conversation) throw new HttpError(404, 'Not found');
  const deps = {
    table: runtime.table,
    conversationTtlDays: runtime.config.conversationTtlDays,
    handoffTimeoutMinutes: runtime.config.answers.handoffTimeoutMinutes,
  };
  return { tenantId, conversation, deps };
};

/** The console's take over and hand back, the API side of `!reply` and `!resume`. */
export const takeoverRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/conversations/{id}/takeover',
    access: OWNER_AND_STAFF,
    async handle(request, runtime) {
      const { tenantId, conversation, deps } = await ownConversation(request, runtime);
      const until = await takeOverConversation(deps, tenantId, conversation);
      return jsonResponse(200, {
        conversationId: conversation.conversationId,
        status: 'with-person',
        until,
      } satisfies HandoffChanged);
    },
  },
  {
    method: 'POST',
    path: '/v1/conversations/{id}/resume',
    access: OWNER_AND_STAFF,
    async handle(request, runtime) {
      const { tenantId, conversation, deps } = await ownConversation(request, runtime);
      await handBackConversation(deps, tenantId, conversation);
      return jsonResponse(200, {
        conversationId: conversation.conversationId,
        status: 'assistant',
      } satisfies HandoffChanged);
    },
  },
];
