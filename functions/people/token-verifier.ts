import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import * as z from 'zod';
import { ROLES } from '../contracts/roles.js';

/** What a verified ID token says about a person: who, which business, which role (when issued). */
export interface PersonClaims {
  userId: string;
  email: string;
  tenantId: string;
  role: (typeof ROLES)[number];
}

export type TokenVerifier = (token: string) => Promise<PersonClaims>;

/** The claims the admin API relies on; set by the invitation, not writable by the person. */
const Claims = z.object({
  sub: z.string().min(1),
  email: z.string().min(3),
  'custom:tenantId': z.string().regex(/^[\w-]{1,64}$/),
  'custom:role': z.enum(ROLES),
});

/**
 * Verifies a Cognito ID token against the pool's keys (`aws-jwt-verify`: signature, issuer,
 * audience = the console's app client, `token_use`, expiry). The keys are fetched once and cached;
 * `jwks` preloads them (the local issuer, tests), so nothing is fetched at all.
 *
 * @example
 * const verify = createTokenVerifier({ userPoolId: 'us-east-1_AbC123', clientId: '4k…' });
 * const { tenantId, role } = await verify(idToken);
 */
export const createTokenVerifier = (options: {
  userPoolId: string;
  clientId: string;
  jwks?: Jwks;
}): TokenVerifier => {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: 'id',
  });
  if (options.jwks) verifier.cacheJwks(options.jwks);
  return async (token) => {
    const payload = await verifier.verify(token);
    const claims = Claims.parse(payload);
    return {
      userId: claims.sub,
      email: claims.email,
      tenantId: claims['custom:tenantId'],
      role: claims['custom:role'],
    };
  };
};
