import { type WebsiteBody, WebsiteBodySchema } from '../contracts/admin/requests.js';
import type { Website } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { jsonResponse } from '../platform/http.js';
import { getWidgetSettings, putWidgetSettings } from '../store/widget-settings.js';
import { type AdminRoute, tenantOf } from './router.js';

/** The body as the route runs it: origins already in the form browsers send them. */
type ParsedWebsiteBody = Omit<WebsiteBody, 'allowedOrigins'> & { allowedOrigins: string[] };

/** The Website panel: where the chat widget may run and how it looks. */
export const websiteRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/website',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const settings = await getWidgetSettings(runtime.table, tenantId);
      // The snippet's data-business: the business's public id, which grants nothing by itself.
      return jsonResponse(200, { business: tenantId, ...settings } satisfies Website);
    },
  },
  {
    method: 'PUT',
    path: '/v1/website',
    access: OWNER_ONLY,
    body: WebsiteBodySchema,
    audit: (request) => {
      const body = request.body as ParsedWebsiteBody;
      return { target: 'website', detail: { allowedOrigins: body.allowedOrigins.join(' ') } };
    },
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const body = request.body as ParsedWebsiteBody;
      const saved = await putWidgetSettings(runtime.table, tenantId, {
        ...body,
        allowedOrigins: [...new Set(body.allowedOrigins)],
      });
      return jsonResponse(200, { business: tenantId, ...saved } satisfies Website);
    },
  },
];
