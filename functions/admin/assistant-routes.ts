import { tryAnswer } from '../answer/try-answer.js';
import { type TryBody, TryBodySchema } from '../contracts/admin/requests.js';
import { OWNER_AND_STAFF } from '../contracts/roles.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { getTenant } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

/** The console's test chat: the assistant's answer and its cited sources, with nothing sent. */
export const assistantRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/assistant/try',
    access: OWNER_AND_STAFF,
    // A read sent by POST (it carries a question): nothing changes, nothing is audited.
    changesState: false,
    body: TryBodySchema,
    async handle(request, runtime) {
      const { question, channel } = request.body as TryBody;
      const tenant = await getTenant(runtime.table, tenantOf(request));
      if (!tenant) throw new HttpError(404, 'Not found');
      const deps = { ...runtime, defaultPlan: runtime.config.defaultPlan };
      return jsonResponse(200, await tryAnswer(deps, tenant, question, channel));
    },
  },
];
