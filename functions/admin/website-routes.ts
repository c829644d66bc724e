import * as z from 'zod';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { jsonResponse } from '../platform/http.js';
import { getWidgetSettings, putWidgetSettings } from '../store/widget-settings.js';
import { normaliseOrigin } from '../web/origins.js';
import { type AdminRoute, tenantOf } from './router.js';

/** An origin as a browser sends it: `https://www.example.com`, no path; stored in that form. */
const Origin = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    const origin = normaliseOrigin(value.replace(/\/$/, ''));
    if (!origin) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not an origin: write the scheme and host only, e.g. https://www.example.com`,
      });
      return z.NEVER;
    }
    return origin;
  });

const WebsiteBody = z
  .object({
    allowedOrigins: z.array(Origin).max(20),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'accentColor is a colour like #1f6feb'),
    greeting: z.string().trim().max(300),
    title: z.string().trim().max(80),
  })
  .strict();

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
      return jsonResponse(200, { business: tenantId, ...settings });
    },
  },
  {
    method: 'PUT',
    path: '/v1/website',
    access: OWNER_ONLY,
    body: WebsiteBody,
    audit: (request) => {
      const body = request.body as z.infer<typeof WebsiteBody>;
      return { target: 'website', detail: { allowedOrigins: body.allowedOrigins.join(' ') } };
    },
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const body = request.body as z.infer<typeof WebsiteBody>;
      const saved = await putWidgetSettings(runtime.table, tenantId, {
        ...body,
        allowedOrigins: [...new Set(body.allowedOrigins)],
      });
      return jsonResponse(200, { business: tenantId, ...saved });
    },
  },
];
