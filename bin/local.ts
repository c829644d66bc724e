/**
 * `npm start`: the whole product on this machine, with no AWS account and no keys.
 * Configuration comes from the environment or a `.env` file (names as in the README).
 */
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
await import('./local/quiet.js');
const { startLocalStack } = await import('./local/stack.js');

const stack = await startLocalStack();
console.log('Frontdesk local stack');
for (const [role, provider] of Object.entries(stack.providers))
  console.log(`  ${role.padEnd(10)} ${provider}`);
console.log(`Frontdesk is ready on ${stack.url} (state: ${stack.stateDir})`);

const stop = async () => {
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
