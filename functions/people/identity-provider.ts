import type { Role } from '../contracts/roles.js';
import { FrontdeskError } from '../platform/errors.js';

/**
 * Where people's accounts live: passwords, invitations, forgotten-password codes and TOTP. In AWS
 * the stage's Cognito user pool; locally an issuer of the same tokens (local-stack/identity). The
 * admin API only invites, changes a role, removes, and asks whether someone set up MFA; people
 * sign in against the provider itself, and the admin API verifies the token it issued.
 */
export interface IdentityProvider {
  readonly kind: string;
  /**
   * Creates the account (business and role in attributes the person cannot change) and sends the
   * invitation: an e-mail with a temporary password, to be replaced at the first sign-in.
   */
  invite(person: { email: string; tenantId: string; role: Role }): Promise<{ userId: string }>;
  setRole(userId: string, role: Role): Promise<void>;
  remove(userId: string): Promise<void>;
  /** Whether the person holding this access token has TOTP on; asked of the provider, never trusted from a client. */
  hasTotp(accessToken: string): Promise<{ userId: string; totp: boolean }>;
}

/** The e-mail already has an account (in this business or another: one business per person). */
export class AccountExistsError extends FrontdeskError {}

/** Used where no user pool is configured: invitations say what to set. */
export const noIdentityProvider = (): IdentityProvider => {
  const refuse = async (): Promise<never> => {
    throw new FrontdeskError(
      'No user pool is configured: set USER_POOL_ID and USER_POOL_CLIENT_ID (the stack sets them in AWS; npm start runs a local one)',
    );
  };
  return { kind: 'none', invite: refuse, setRole: refuse, remove: refuse, hasTotp: refuse };
};
