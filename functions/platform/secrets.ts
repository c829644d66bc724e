import type { SecretName } from '../contracts/routes.js';
import type { Config } from './config.js';
import { cachedParameterReader, createSsmParameters } from './ssm-parameters.js';

/** Reads secrets at run time; never at synth time, never logged. */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
}

const CACHE_SECONDS = 300;

/** Reads one SSM parameter, decrypted (Powertools' `SSMProvider` fits, as the bench's fake does). */
export interface ParameterReader {
  get(name: string, options: { decrypt: true; maxAge: number }): Promise<string | undefined>;
}

/**
 * Values set directly in the configuration win (local runs); otherwise the SecureString
 * `<SECRETS_PATH><NAME>` is read from SSM (`ssm-parameters.ts`), cached for five minutes so a
 * warm function does not call SSM per message. A missing parameter reads as `undefined`: the
 * feature that needs it is simply not configured.
 */
export const createSecretStore = (config: Config, reader?: ParameterReader): SecretStore => {
  const { secrets, secretsPath } = config;
  let read: ((name: string) => Promise<string | undefined>) | undefined = reader
    ? (name) => reader.get(name, { decrypt: true, maxAge: CACHE_SECONDS })
    : undefined;
  return {
    async get(name) {
      const direct = secrets[name];
      if (direct) return direct;
      if (!secretsPath) return undefined;
      read ??= cachedParameterReader(createSsmParameters({ region: config.region }), CACHE_SECONDS);
      try {
        return await read(`${secretsPath}${name}`);
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
