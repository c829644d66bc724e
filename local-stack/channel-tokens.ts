import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChannelTokenStore,
  createMemoryChannelTokens,
} from '../functions/channels/meta/channel-tokens.js';

/**
 * The local stand-in for the SSM SecureStrings that hold claimed addresses' Meta tokens: a file
 * in the state folder readable by its owner only, or memory with `:memory:`.
 */
export const createLocalChannelTokens = (stateDir: string): ChannelTokenStore => {
  if (stateDir === ':memory:') return createMemoryChannelTokens();
  const file = join(stateDir, 'channel-tokens.json');
  const initial = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return createMemoryChannelTokens(initial, (all) => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
  });
};
