import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a visitor's session proves: this visitor, of this business, until then. */
export interface WebSession {
  tenantId: string;
  visitorId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Domain separation: a signature made for anything else with the same key never verifies here. */
const CONTEXT = 'frontdesk-widget-session-v1.';

const sign = (key: string, payload: string): string =>
  createHmac('sha256', key)
    .update(CONTEXT + payload)
    .digest('base64url');

/** A random, unguessable visitor id; it names the conversation and nothing else. */
export const newVisitorId = (): string => `v${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

/**
 * A visitor's session: `<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of
 * the payload under the stage's WIDGET_SESSION_KEY. It is the visitor's only credential: it
 * binds the visitor to one business and expires.
 *
 * @example
 * const token = signWebSession(key, { tenantId, visitorId: newVisitorId(), expiresAt: now + 3600 });
 * verifyWebSession(key, token)?.tenantId === tenantId;
 */
export const signWebSession = (key: string, session: WebSession): string => {
  const payload = Buffer.from(
    JSON.stringify({ b: session.tenantId, v: session.visitorId, x: session.expiresAt }),
  ).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
};

/** The session a token proves, or undefined when it is malformed, forged or expired. */
export const verifyWebSession = (
  key: string,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): WebSession | undefined => {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const { b, v, x } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof b !== 'string' || typeof v !== 'string' || typeof x !== 'number') return undefined;
    if (x <= nowSeconds) return undefined;
    return { tenantId: b, visitorId: v, expiresAt: x };
  } catch {
    return undefined;
  }
};
