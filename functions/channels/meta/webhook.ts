import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DEDUPE_DAYS } from '../../contracts/messages.js';
import { settleWithConcurrency } from '../../platform/concurrency.js';
import { ForbiddenError, HttpError } from '../../platform/errors.js';
import { type HttpEvent, type HttpResult, header, rawBody, textResponse } from '../../platform/http.js';
import { logger, metrics } from '../../platform/observability.js';
import type { SecretStore } from '../../platform/secrets.js';
import type { MessageQueue } from '../../queue/answer-queue.js';
import { resolveTenantByAddress } from '../../store/channel-routes.js';
import type { Table } from '../../store/client.js';
import { recordDeliveryStatus } from '../../store/deliveries.js';
import { acceptInbound } from '../accept.js';
import { countSendFailure } from '../send-metrics.js';
import { type MetaEvent, type MetaRoute, toMetaEvents } from './inbound.js';
import { subscriptionChallenge, verifyMetaSignature } from './signature.js';

export interface MetaWebhookDeps {
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
}

/**
 * A message sent longer ago than the dedupe window may have lost its reply claim, so a replay of
 * it would be answered again: refuse it. A real retry always falls inside the window, since the
 * claim lives DEDUPE_DAYS from the first answer, which came after the message was sent.
 */
export const MAX_MESSAGE_AGE_MS = DEDUPE_DAYS * 86_400_000;
/** Events handled at once: fast enough for 1,000 updates, gentle on the table. */
const CONCURRENCY = 32;

const secretOrUnavailable = async (deps: MetaWebhookDeps, name: 'META_APP_SECRET' | 'META_VERIFY_TOKEN') => {
  const value = await deps.secrets.get(name);
  if (!value) {
    logger.error(`Meta webhook is not configured: ${name} is required`);
    throw new HttpError(503, 'Meta webhook is not configured');
  }
  return value;
};

/** `GET /webhooks/meta`: echoes `hub.challenge` as text/plain when the verify token matches. */
export const handleMetaSubscription = async (
  event: HttpEvent,
  deps: MetaWebhookDeps,
): Promise<HttpResult> => {
  const verifyToken = await secretOrUnavailable(deps, 'META_VERIFY_TOKEN');
  const challenge = subscriptionChallenge(event.queryStringParameters, verifyToken);
  if (challenge === undefined) {
    metrics.addMetric('WebhookRefused', MetricUnit.Count, 1);
    throw new ForbiddenError('Webhook verification failed');
  }
  return textResponse(200, challenge);
};

type Outcome = 'queued' | 'duplicate' | 'status' | 'unrouted' | 'ignored' | 'stale';

/**
 * `POST /webhooks/meta`: verifies `X-Hub-Signature-256` on the raw bytes (403 before anything
 * is parsed or queued), then handles every event of the batch concurrently: messages are queued
 * once per message id, statuses recorded, the rest acknowledged. Any event that could not be
 * queued fails the request, so Meta retries; what was queued is then skipped as a duplicate.
 */
export const handleMetaEvents = async (event: HttpEvent, deps: MetaWebhookDeps): Promise<HttpResult> => {
  const appSecret = await secretOrUnavailable(deps, 'META_APP_SECRET');
  const body = rawBody(event);
  if (!verifyMetaSignature(appSecret, body, header(event, 'x-hub-signature-256'))) {
    metrics.addMetric('WebhookRefused', MetricUnit.Count, 1);
    throw new ForbiddenError('Invalid Meta signature');
  }
  metrics.addMetric('WebhookReceived', MetricUnit.Count, 1);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch (error) {
    // Signed but unreadable: a retry would be just as unreadable, so acknowledge it.
    logger.error('signed Meta webhook is not JSON; acknowledged', { error });
    return received();
  }

  const now = new Date(event.requestContext.timeEpoch || Date.now());
  const events = toMetaEvents(payload, now);
  metrics.addMetric('MetaEventsReceived', MetricUnit.Count, events.length);
  const tenantOf = memoizedTenantLookup(deps.table);
  const results = await settleWithConcurrency(events, CONCURRENCY, (e) =>
    handleEvent(e, deps, tenantOf, now),
  );

  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 'fulfilled' ? r.value : 'failed';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  logger.info('Meta webhook handled', { counts });
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return received();
};

const received = (): HttpResult => textResponse(200, 'EVENT_RECEIVED');

/** A batch usually talks to one business: look each receiving address up once per request. */
const memoizedTenantLookup = (table: Table) => {
  const cache = new Map<string, Promise<string | undefined>>();
  return (route: MetaRoute): Promise<string | undefined> => {
    const key = `${route.channel}:${route.address}`;
    let found = cache.get(key);
    if (!found) {
      found = resolveTenantByAddress(table, route.channel, route.address);
      cache.set(key, found);
    }
    return found;
  };
};

const handleEvent = async (
  event: MetaEvent,
  deps: MetaWebhookDeps,
  tenantOf: (route: MetaRoute) => Promise<string | undefined>,
  now: Date,
): Promise<Outcome> => {
  if (event.kind === 'ignored') {
    // Acknowledged, not failed: a retry of the same bytes would be just as malformed.
    if (event.malformed) metrics.addMetric('MalformedMetaEvent', MetricUnit.Count, 1);
    logger.debug('Meta event ignored', { reason: event.reason });
    return 'ignored';
  }
  if (event.kind === 'message' && now.getTime() - event.sentAt.getTime() > MAX_MESSAGE_AGE_MS) {
    // Acknowledged (200) so Meta stops retrying; never queued.
    metrics.addMetric('StaleMessageRefused', MetricUnit.Count, 1);
    logger.warn('Meta message older than the dedupe window; acknowledged, not queued', {
      ...event.route,
      sentAt: event.sentAt.toISOString(),
    });
    return 'stale';
  }
  if (event.kind === 'message') return queueMessage(event, deps);
  const tenantId = await tenantOf(event.route);
  if (!tenantId) {
    // Acknowledged, not failed: Meta would otherwise retry an unroutable event for days.
    metrics.addMetric('UnroutedMessage', MetricUnit.Count, 1);
    logger.warn('Meta event for a receiving id routed to no tenant; acknowledged', { ...event.route });
    return 'unrouted';
  }
  const { status } = event;
  await recordDeliveryStatus(deps.table, {
    tenantId,
    provider: 'meta',
    providerMessageId: status.providerMessageId,
    status: status.status,
    errorCode: status.errorCode,
    to: status.recipient,
  });
  if (status.status === 'failed') {
    metrics.addMetric('SendFailed', MetricUnit.Count, 1);
    countSendFailure('meta', status.errorCode);
    logger.warn('WhatsApp message not delivered', { tenantId, errorCode: status.errorCode });
  }
  return 'status';
};

/**
 * A customer's message, queued and noted (one table call; the queue and the worker's reply claim
 * drop redeliveries by message id); the worker resolves the receiving id to its business, drops
 * it if it has none, and records the 24-hour window.
 */
const queueMessage = async (
  event: Extract<MetaEvent, { kind: 'message' }>,
  deps: MetaWebhookDeps,
): Promise<Outcome> => {
  const { message, sentAt } = event;
  const outcome = await acceptInbound(deps, { ...message, sentAt: sentAt.toISOString() }).catch(
    (error: unknown) => {
      logger.error('Meta message not queued; the delivery will fail and be retried', {
        error,
        providerMessageId: message.providerMessageId,
      });
      throw error;
    },
  );
  return outcome;
};
