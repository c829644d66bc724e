import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';

/** An RS256 signing key with the public half as a JWK, as a Cognito pool publishes its keys. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: string; kid: string; alg: string; use: string; [field: string]: string };
}

export const newSigningKeyPem = (): string =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

export const signingKeyFrom = (pem: string, kid: string): SigningKey => {
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as {
    kty: string;
    [field: string]: string;
  };
  return { kid, privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signed JWT (header `{kid, alg: RS256}`, as Cognito's). */
export const signJwt = (key: SigningKey, payload: Record<string, unknown>): string => {
  const input = `${b64({ kid: key.kid, alg: 'RS256' })}.${b64(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key.privateKey).toString('base64url')}`;
};

/** The payload of a JWT this key signed and that has not expired; undefined otherwise. */
export const readOwnJwt = (key: SigningKey, token: string): Record<string, unknown> | undefined => {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    key.privateKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : undefined;
};

export const newJti = () => randomUUID();
