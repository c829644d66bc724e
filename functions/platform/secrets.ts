import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { Config } from './config.js';
import type { SecretName } from './routes.js';

/** Reads secrets at run time; never at synth time, never logged. */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
}

const CACHE_SECONDS = 300;

/**
 * Values set directly in the configuration win (local runs); otherwise the SecureString
 * `<SECRETS_PATH><NAME>` is read from SSM through Powertools' provider, cached for five minutes
 * so a warm function does not call SSM per message. A missing parameter reads as `undefined`:
 * the feature that needs it is simply not configured.
 */
export const createSecretStore = (config: Config, ssm?: SSMProvider): SecretStore => {
  const { secrets, secretsPath } = config;
  let provider = ssm;
  return {
    async get(name) {
      const direct = secrets[name];
      if (direct) return direct;
      if (!secretsPath) return undefined;
      provider ??= new SSMProvider();
      try {
        return await provider.get(`${secretsPath}${name}`, { decrypt: true, maxAge: CACHE_SECONDS });
      } catch (error) {
        if (isParameterNotFound(error)) return undefined;
        throw error;
      }
    },
  };
};

export const isParameterNotFound = (error: unknown): boolean => {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.name === 'ParameterNotFound') return true;
    current = current.cause;
  }
  return false;
};
