import type { OutboundMessage } from '../../contracts/messages.js';
import { ConfigurationError } from '../../platform/errors.js';
import type { SecretStore } from '../../platform/secrets.js';
import {
  cachedParameterReader,
  createSsmParameters,
  type SsmParameters,
} from '../../platform/ssm-parameters.js';

/**
 * The Meta access token of each claimed address (a WhatsApp phone number id, a page, an Instagram
 * account), stored when the business proved with it that it controls the address. In AWS each is
 * an SSM SecureString; locally the stack keeps them in its state folder.
 */
export interface ChannelTokenStore {
  put(channel: string, address: string, token: string): Promise<void>;
  get(channel: string, address: string): Promise<string | undefined>;
  delete(channel: string, address: string): Promise<void>;
}

/** `<SECRETS_PATH>channel-tokens/<channel>/<address>`, e.g. `/frontdesk/prod/channel-tokens/whatsapp/1065…`. */
export const channelTokenParameter = (secretsPath: string, channel: string, address: string): string =>
  `${secretsPath}channel-tokens/${channel}/${address}`;

const CACHE_SECONDS = 300;

export const createSsmChannelTokens = (options: {
  secretsPath: string;
  region: string;
  /** A server that speaks SSM's API in tests; SSM itself otherwise. */
  parameters?: SsmParameters;
}): ChannelTokenStore => {
  const parameters = options.parameters ?? createSsmParameters({ region: options.region });
  const read = cachedParameterReader(parameters, CACHE_SECONDS);
  const name = (channel: string, address: string) =>
    channelTokenParameter(options.secretsPath, channel, address);
  return {
    put: (channel, address, token) => parameters.put(name(channel, address), token),
    get: (channel, address) => read(name(channel, address)),
    delete: (channel, address) => parameters.delete(name(channel, address)),
  };
};

/** Tokens in memory, or mirrored to a file by the local stack (`onChange`). */
export const createMemoryChannelTokens = (
  initial: Record<string, string> = {},
  onChange?: (all: Record<string, string>) => void,
): ChannelTokenStore => {
  const tokens = new Map(Object.entries(initial));
  const key = (channel: string, address: string) => `${channel}/${address}`;
  const changed = () => onChange?.(Object.fromEntries(tokens));
  return {
    async put(channel, address, token) {
      tokens.set(key(channel, address), token);
      changed();
    },
    async get(channel, address) {
      return tokens.get(key(channel, address));
    },
    async delete(channel, address) {
      tokens.delete(key(channel, address));
      changed();
    },
  };
};

/**
 * The token to send a reply with: the address's own when it was claimed; the platform's
 * `META_ACCESS_TOKEN` only for the platform's own, unclaimed addresses. A claimed address whose
 * token is missing fails loudly (an operator or the owner must reconnect it) rather than send with
 * the platform's token.
 */
export const createMetaTokenResolver =
  (deps: {
    tokens: ChannelTokenStore;
    secrets: SecretStore;
    /** The business that claimed an address, if any (`resolveTenantByAddress`). */
    claimedBy: (channel: string, address: string) => Promise<string | undefined>;
  }) =>
  async (message: OutboundMessage): Promise<string | undefined> => {
    const own = await deps.tokens.get(message.channel, message.from);
    if (own) return own;
    const claimedBy = await deps.claimedBy(message.channel, message.from);
    if (claimedBy) {
      throw new ConfigurationError(
        `No access token is stored for the claimed ${message.channel} address ${message.from}: the business must connect it again (POST /v1/channels)`,
      );
    }
    return deps.secrets.get('META_ACCESS_TOKEN');
  };
