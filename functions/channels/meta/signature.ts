import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;

/**
 * Signs a body as Meta does: `sha256=<hex HMAC-SHA256(app secret, raw bytes)>`. For tests and
 * local tools that post webhooks to the stack.
 *
 * @example
 * signMetaPayload(appSecret, Buffer.from(body)) // 'sha256=5d4c...'
 */
export const signMetaPayload = (appSecret: string, rawBody: Buffer | string): string =>
  `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;

/**
 * Verifies `X-Hub-Signature-256` over the bytes exactly as received (Meta escapes unicode and
 * `/` in its JSON, so a re-serialised body would hash differently). Constant-time comparison.
 */
export const verifyMetaSignature = (
  appSecret: string,
  rawBody: Buffer,
  signatureHeader: string | undefined,
): boolean => {
  const match = SIGNATURE_PATTERN.exec(signatureHeader?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** Compares two secrets in constant time, whatever their lengths. */
const sameSecret = (a: string, b: string): boolean => {
  const digest = (value: string) => createHmac('sha256', 'frontdesk-compare').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
};

/**
 * The subscription check: `hub.mode=subscribe` with the configured verify token gets the
 * `hub.challenge` back; anything else gets `undefined` (the caller answers 403).
 */
export const subscriptionChallenge = (
  query: Record<string, string | undefined> | undefined,
  verifyToken: string,
): string | undefined => {
  const mode = query?.['hub.mode'];
  const token = query?.['hub.verify_token'];
  const challenge = query?.['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || challenge === undefined) return undefined;
  return sameSecret(token, verifyToken) ? challenge : undefined;
};
