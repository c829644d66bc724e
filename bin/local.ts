/**
 * `npm start`: the whole product on this machine, with no AWS account and no keys.
 * Configuration comes from the environment or a `.env` file (names as in the README); a name set
 * in the environment wins over `.env`.
 */
import { existsSync } from 'node:fs';

const keyInEnvironment = Boolean(process.env.PLATFORM_ADMIN_KEY);
if (existsSync('.env')) process.loadEnvFile('.env');
await import('../local-stack/quiet.js');
const { startLocalStack } = await import('../local-stack/stack.js');
const { LocalStartError } = await import('../local-stack/start-errors.js');
const { startupBanner } = await import('../local-stack/banner.js');

let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack();
} catch (error) {
  if (!(error instanceof LocalStartError)) throw error;
  console.error(`Frontdesk did not start: ${error.message}`);
  process.exit(1);
}
const adminKey = keyInEnvironment ? 'environment' : process.env.PLATFORM_ADMIN_KEY ? '.env' : undefined;
for (const line of startupBanner(stack, adminKey)) console.log(line);

const stop = async () => {
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
