import {
  TEMPLATE_PATTERNS,
  type TemplateBody,
  TemplateBodySchema,
  TemplateChannelSchema,
} from '../contracts/admin/requests.js';
import type { MessageTemplate, TemplateList } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { resolveTenantByAddress } from '../store/channel-routes.js';
import {
  deleteMessageTemplate,
  listMessageTemplates,
  putMessageTemplate,
} from '../store/message-templates.js';
import { type AdminRoute, tenantOf } from './router.js';

/** `{channel}/{address}/{name}/{language}` of a DELETE, checked as strictly as a registration. */
const templateParams = (params: Record<string, string>) => {
  const channel = TemplateChannelSchema.safeParse(params.channel);
  const { address = '', name = '', language = '' } = params;
  if (
    !channel.success ||
    !TEMPLATE_PATTERNS.address[channel.data].test(address) ||
    !TEMPLATE_PATTERNS.name.test(name) ||
    !TEMPLATE_PATTERNS.language.test(language)
  )
    throw new BadRequestError('Unknown channel or malformed address, name or language');
  return { channel: channel.data, address, name, language };
};

export const templateRoutes: AdminRoute[] = [
  {
    method: 'PUT',
    path: '/v1/templates',
    access: OWNER_ONLY,
    body: TemplateBodySchema,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const body = request.body as TemplateBody;
      // Only for an address this business holds: its templates are its own to send.
      if ((await resolveTenantByAddress(runtime.table, body.channel, body.address)) !== tenantId) {
        throw new HttpError(
          404,
          `This business has no ${body.channel} address ${body.address}: connect it first (POST /v1/channels)`,
        );
      }
      const template: MessageTemplate = { ...body, createdAt: new Date().toISOString() };
      await putMessageTemplate(runtime.table, tenantId, template);
      return jsonResponse(200, template);
    },
  },
  {
    method: 'GET',
    path: '/v1/templates',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const templates = await listMessageTemplates(runtime.table, tenantOf(request));
      return jsonResponse(200, { templates } satisfies TemplateList);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/templates/{channel}/{address}/{name}/{language}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const deleted = await deleteMessageTemplate(
        runtime.table,
        tenantOf(request),
        templateParams(request.params),
      );
      if (!deleted) throw new HttpError(404, 'This business has no such template');
      return { statusCode: 204 };
    },
  },
];
