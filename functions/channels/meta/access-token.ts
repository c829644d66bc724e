import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { isParameterNotFound, type SecretStore } from '../../platform/secrets.js';

/** The few calls of Powertools' SSM provider this module uses (a fake in tests). */
export interface ParameterReader {
  get(name: string, options: { decrypt: boolean; maxAge: number }): Promise<string | undefined>;
}

const CACHE_SECONDS = 300;

/**
 * Where a tenant's own Meta token lives: `<SECRETS_PATH>tenants/<tenantId>/META_ACCESS_TOKEN`,
 * e.g. `/frontdesk/prod/tenants/mhx3k2q0-9f2c1a7be4d0/META_ACCESS_TOKEN` (a SecureString).
 */
export const tenantMetaTokenParameter = (secretsPath: string, tenantId: string): string =>
  `${secretsPath}tenants/${tenantId}/META_ACCESS_TOKEN`;

/**
 * The access token to send for one tenant: its own (a page token, or a system-user token of
 * its WhatsApp Business Account) when the operator stored one, else the platform's
 * `META_ACCESS_TOKEN`. Both are cached for five minutes per warm function.
 */
export const createMetaAccessTokens = (options: {
  secrets: SecretStore;
  secretsPath: string | undefined;
  parameters?: ParameterReader;
}) => {
  let parameters = options.parameters;
  // Powertools caches values, not absences: remember tenants without a token of their own, so
  // each message does not cost an SSM call (SSM's standard throughput is 40 calls a second).
  const noOwnTokenUntil = new Map<string, number>();
  return async (tenantId: string | undefined): Promise<string | undefined> => {
    const lookUp =
      tenantId &&
      options.secretsPath &&
      /^[a-z0-9-]{1,64}$/.test(tenantId) &&
      (noOwnTokenUntil.get(tenantId) ?? 0) < Date.now();
    if (lookUp) {
      parameters ??= new SSMProvider();
      try {
        const own = await parameters.get(tenantMetaTokenParameter(options.secretsPath!, tenantId), {
          decrypt: true,
          maxAge: CACHE_SECONDS,
        });
        if (own) return own;
      } catch (error) {
        if (!isParameterNotFound(error)) throw error;
      }
      noOwnTokenUntil.set(tenantId, Date.now() + CACHE_SECONDS * 1000);
    }
    return options.secrets.get('META_ACCESS_TOKEN');
  };
};
