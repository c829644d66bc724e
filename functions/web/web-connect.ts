import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { normaliseOrigin } from '../contracts/origins.js';
import { logger, metrics } from '../platform/observability.js';
import type { SecretStore } from '../platform/secrets.js';
import type { Table } from '../store/client.js';
import { putWebConnection } from '../store/socket-connections.js';
import { getWidgetSettings } from '../store/widget-settings.js';
import { webSessionKey } from './session-key.js';
import { verifyWebSession } from './session-token.js';

/**
 * `$connect?kind=web&business=<id>&session=<token>`: a visitor's page opening its reply channel.
 * The same checks as every widget request: the page's Origin is on the business's list and the
 * session is the business's and still valid. False refuses the connection (403).
 */
export const connectWebVisitor = async (
  input: {
    connectionId: string;
    query: Record<string, string | undefined>;
    origin: string | undefined;
  },
  deps: { table: Table; secrets: SecretStore },
): Promise<boolean> => {
  const { business, session: token } = input.query;
  const origin = normaliseOrigin(input.origin);
  if (!business || !token || !origin) return refuse('missing business, session or origin');
  const settings = await getWidgetSettings(deps.table, business);
  if (!settings.allowedOrigins.includes(origin)) return refuse('origin not allowed');
  const session = verifyWebSession(await webSessionKey(deps.secrets), token);
  if (!session || session.tenantId !== business) return refuse('invalid session');
  await putWebConnection(deps.table, {
    kind: 'web',
    connectionId: input.connectionId,
    tenantId: session.tenantId,
    visitorId: session.visitorId,
  });
  return true;
};

const refuse = (reason: string): false => {
  metrics.addMetric('SocketRefused', MetricUnit.Count, 1);
  logger.info('web visitor connection refused', { reason });
  return false;
};
