import { timingSafeEqual } from 'node:crypto';
import { HttpError } from '../platform/errors.js';
import { type HttpEvent, header } from '../platform/http.js';
import { sha256Hex } from '../platform/ids.js';
import type { SecretStore } from '../platform/secrets.js';
import { tenantOfApiKey } from '../store/api-keys.js';
import type { Table } from '../store/client.js';

/** Who is calling the admin API: the platform operator, or one tenant. */
export type Principal = { kind: 'platform' } | { kind: 'tenant'; tenantId: string };

export class UnauthorizedError extends HttpError {
  constructor(message = 'A valid API key is required: Authorization: Bearer <key>') {
    super(401, message);
  }
}

const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(Buffer.from(sha256Hex(a), 'hex'), Buffer.from(sha256Hex(b), 'hex'));

/**
 * `Authorization: Bearer <key>`: the platform key (`PLATFORM_ADMIN_KEY`, compared in constant
 * time) or a tenant key (looked up by its SHA-256).
 */
export const authenticate = async (
  event: HttpEvent,
  deps: { table: Table; secrets: SecretStore },
): Promise<Principal> => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  const key = match?.[1];
  if (!key || key.length > 200) throw new UnauthorizedError();
  const platformKey = await deps.secrets.get('PLATFORM_ADMIN_KEY');
  if (platformKey && sameSecret(key, platformKey)) return { kind: 'platform' };
  const tenantId = await tenantOfApiKey(deps.table, key);
  if (tenantId) return { kind: 'tenant', tenantId };
  throw new UnauthorizedError('Unknown API key');
};
