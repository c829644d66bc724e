import { type CreateKeyBody, CreateKeyBodySchema } from '../contracts/admin/requests.js';
import type { IssuedKey, KeyList, KeyView, RotatedKey } from '../contracts/admin-api.js';
import { OWNER_ONLY } from '../contracts/roles.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import {
  type ApiKeySummary,
  createApiKey,
  isApiKeyId,
  listApiKeys,
  revokeApiKeyById,
  rotateApiKey,
} from '../store/api-keys.js';
import { type AdminRequest, type AdminRoute, tenantOf } from './router.js';

const NO_SUCH_KEY = 'This business has no API key with that id';

/** The key id in the path; a malformed one answers 404 like an unknown one (it names nothing). */
const keyIdOf = (request: AdminRequest): string => {
  const keyId = request.params.id ?? '';
  if (!isApiKeyId(keyId)) throw new HttpError(404, NO_SUCH_KEY);
  return keyId;
};

const callerKeyId = (request: AdminRequest) =>
  request.principal.kind === 'tenant' ? request.principal.keyId : undefined;

const view = (key: ApiKeySummary, request: AdminRequest): KeyView => ({
  keyId: key.keyId,
  hint: key.hint,
  label: key.label ?? null,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt ?? null,
  current: key.keyId === callerKeyId(request),
});

/**
 * A business's own API keys: list, create, revoke, rotate. Every route is tenant-scoped: keys
 * live in the tenant's partition, so another business's key id answers 404. A business may
 * revoke the key it is calling with (that request succeeds; the next one gets 401); if it
 * revokes every key, the owner gets a new one by sending `!key` from the owner's phone, or the
 * platform issues one (`POST /v1/tenants/{id}/api-keys`).
 */
export const keyRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/keys',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const list = await listApiKeys(runtime.table, tenantOf(request));
      return jsonResponse(200, { keys: list.map((key) => view(key, request)) } satisfies KeyList);
    },
  },
  {
    method: 'POST',
    path: '/v1/keys',
    access: OWNER_ONLY,
    body: CreateKeyBodySchema,
    async handle(request, runtime) {
      const { label } = request.body as CreateKeyBody;
      const issued = await createApiKey(runtime.table, tenantOf(request), { label });
      // The key itself is in this answer only: it is stored as SHA-256.
      return jsonResponse(201, { ...view(issued, request), apiKey: issued.apiKey } satisfies IssuedKey);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/keys/{id}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const revoked = await revokeApiKeyById(runtime.table, tenantOf(request), keyIdOf(request));
      if (!revoked) throw new HttpError(404, NO_SUCH_KEY);
      return { statusCode: 204 };
    },
  },
  {
    method: 'POST',
    path: '/v1/keys/{id}/rotate',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const replaced = keyIdOf(request);
      const issued = await rotateApiKey(runtime.table, tenantOf(request), replaced);
      if (!issued) throw new HttpError(404, NO_SUCH_KEY);
      return jsonResponse(201, {
        ...view(issued, request),
        apiKey: issued.apiKey,
        replaced,
      } satisfies RotatedKey);
    },
  },
];
