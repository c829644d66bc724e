import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../contracts/roles.js';
import type { PersonClaims, TokenVerifier } from '../people/token-verifier.js';
import { HttpError } from '../platform/errors.js';
import { type HttpEvent, header } from '../platform/http.js';
import { sha256Hex } from '../platform/ids.js';
import { logger } from '../platform/observability.js';
import type { SecretStore } from '../platform/secrets.js';
import { findApiKey, recordApiKeyUse } from '../store/api-keys.js';
import type { Table } from '../store/client.js';
import { getMember } from '../store/members.js';

/**
 * Who is calling the admin API: the platform operator; one business through one of its API keys
 * (`keyId` names the key, for the audit trail and so a key list can mark the caller's own key;
 * a key acts as the owner); or a person of one business, signed in, with their role.
 */
export type Principal =
  | { kind: 'platform' }
  | { kind: 'tenant'; tenantId: string; keyId: string; role: 'owner' }
  | { kind: 'user'; tenantId: string; userId: string; email: string; role: Role; mfa: boolean };

/** Where each kind of key comes from, said in every 401 so a caller learns it without failing twice. */
const WHERE_KEYS_COME_FROM =
  "the platform key is the server's PLATFORM_ADMIN_KEY (locally in .env or the environment of npm start, " +
  "in AWS set with npm run secrets); a business's key comes from POST /v1/tenants, " +
  'POST /v1/tenants/{code}/api-keys or the owner sending !key in chat';

export const MISSING_KEY_MESSAGE = `An API key is required: send the header "Authorization: Bearer <key>"; ${WHERE_KEYS_COME_FROM}`;
export const EMPTY_KEY_MESSAGE = `The Authorization header says "Bearer" but holds no key: the shell variable meant to hold it is probably empty (echo it to check); ${WHERE_KEYS_COME_FROM}`;
export const UNKNOWN_KEY_MESSAGE = `Unknown API key: it is neither the platform key nor a business's current key (a revoked or rotated key stops working at once); check it was copied whole (keys are shown once, so ask for a new one if it is lost); ${WHERE_KEYS_COME_FROM}`;

export class UnauthorizedError extends HttpError {
  constructor(message = MISSING_KEY_MESSAGE) {
    super(401, message);
  }
}

const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(Buffer.from(sha256Hex(a), 'hex'), Buffer.from(sha256Hex(b), 'hex'));

export const SIGNED_OUT_MESSAGE =
  "Your sign-in has expired or is not valid here: sign in again (the token must be the ID token of this stage's user pool)";
export const NOT_A_MEMBER_MESSAGE =
  'This account is no longer part of the business (an owner removed it): ask an owner to invite you again';

/** A JWT (an ID token from the user pool) rather than an API key: three base64url parts. */
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * `Authorization: Bearer <credential>`: a person's ID token from the user pool (verified against
 * the pool's keys; the business comes from its claims, the current role from the business's own
 * record), the platform key (`PLATFORM_ADMIN_KEY`, compared in constant time), or a business's
 * API key (looked up by its SHA-256; a revoked key is unknown from then on).
 */
export const authenticate = async (
  event: HttpEvent,
  deps: { table: Table; secrets: SecretStore; verifyToken?: TokenVerifier },
): Promise<Principal> => {
  const authorization = header(event, 'authorization') ?? '';
  if (/^Bearer\s*$/i.test(authorization)) throw new UnauthorizedError(EMPTY_KEY_MESSAGE);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match?.[1];
  if (key && key.length <= 8192 && JWT.test(key)) return authenticatePerson(key, deps);
  if (!key || key.length > 200) throw new UnauthorizedError();
  const platformKey = await deps.secrets.get('PLATFORM_ADMIN_KEY');
  if (platformKey && sameSecret(key, platformKey)) return { kind: 'platform' };
  const caller = await findApiKey(deps.table, key);
  if (!caller) throw new UnauthorizedError(UNKNOWN_KEY_MESSAGE);
  // "Last used" is for the owner's list; failing to note it must never fail the request.
  await recordApiKeyUse(deps.table, key, caller).catch((error) =>
    logger.warn('could not note the API key use', { error, tenantId: caller.tenantId, keyId: caller.keyId }),
  );
  return { kind: 'tenant', tenantId: caller.tenantId, keyId: caller.keyId, role: 'owner' };
};

const authenticatePerson = async (
  token: string,
  deps: { table: Table; verifyToken?: TokenVerifier },
): Promise<Principal> => {
  if (!deps.verifyToken) throw new UnauthorizedError(SIGNED_OUT_MESSAGE);
  let claims: PersonClaims;
  try {
    claims = await deps.verifyToken(token);
  } catch (error) {
    logger.info('a sign-in token was refused', {
      reason: error instanceof Error ? error.message : String(error),
    });
    throw new UnauthorizedError(SIGNED_OUT_MESSAGE);
  }
  // The token names the business; the role in force is the business's record, read every time.
  const member = await getMember(deps.table, claims.tenantId, claims.userId);
  if (!member) throw new UnauthorizedError(NOT_A_MEMBER_MESSAGE);
  return {
    kind: 'user',
    tenantId: claims.tenantId,
    userId: claims.userId,
    email: member.email,
    role: member.role,
    mfa: member.mfa,
  };
};
