import type { LocalStack } from './stack.js';

/** Where `PLATFORM_ADMIN_KEY` came from when `npm start` read its configuration. */
export type AdminKeySource = 'environment' | '.env' | undefined;

/**
 * What `npm start` prints once it serves: each role's provider, whether the admin API can be
 * used and how, which URL webhooks are signed for, and the "ready" line.
 */
export const startupBanner = (
  stack: Pick<LocalStack, 'url' | 'publicBaseUrl' | 'stateDir' | 'providers'>,
  adminKey: AdminKeySource,
): string[] => {
  const rows: Record<string, string> = {
    ...stack.providers,
    'admin API': adminKey
      ? `platform key PLATFORM_ADMIN_KEY set (from ${adminKey === '.env' ? '.env' : 'the environment'}): ` +
        `curl -H "Authorization: Bearer <that key>" ${stack.url}/v1/tenants`
      : 'no platform key: POST /v1/tenants answers 401 until you add a line PLATFORM_ADMIN_KEY=<a long random string> ' +
        'to .env (or set it in the environment) and restart; owners who !register by chat get their key with !key',
    webhooks:
      stack.publicBaseUrl === stack.url
        ? `Twilio signatures are checked against ${stack.url} (set PUBLIC_BASE_URL when a tunnel fronts it)`
        : `Twilio signatures are checked against ${stack.publicBaseUrl} (PUBLIC_BASE_URL); npm run chat signs for it too`,
  };
  const publicNote = stack.publicBaseUrl === stack.url ? '' : `, public URL ${stack.publicBaseUrl}`;
  return [
    'Frontdesk local stack',
    ...Object.entries(rows).map(([role, provider]) => `  ${role.padEnd(10)} ${provider}`),
    `Frontdesk is ready on ${stack.url} (state: ${stack.stateDir}${publicNote})`,
  ];
};
