import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { InboundMessage } from '../contracts/messages.js';
import { logger, metrics } from '../platform/observability.js';
import { enqueueInbound, type MessageQueue } from '../queue/answer-queue.js';
import type { Table } from '../store/client.js';
import { claimArrival, markArrivalQueued, releaseArrival } from '../store/inbound-arrivals.js';

/**
 * The one accept pipeline of the webhooks (Twilio and Meta keep only verifying and parsing): a
 * verified inbound message is claimed (one conditional write, keyed by the hashed provider and
 * message id within its conversation), queued, and marked queued (one write). A redelivery is
 * acknowledged and dropped; a failure to queue gives the claim back (a failure to give it back
 * is logged: the lease then expires on its own) and fails the request, so the provider retries.
 * Whose business it is, the worker finds out (`routeInWorker`); the record is also its burst
 * note. Two table calls per message (npm run bench; BENCHMARKS.md, issue 19).
 */

/**
 * How long a message's record dedupes its redeliveries: Meta retries WhatsApp deliveries for up
 * to 7 days (Messenger and Instagram about 36 hours), Twilio once; 8 days outlives both
 * (CHANNELS.md). After it the worker's reply claim (7 days) is not what stops a replay: the Meta
 * webhook refuses messages sent longer ago than this.
 */
export const DEDUPE_DAYS = 8;
/** A claim whose webhook died before queueing can be taken again after this. */
const ENQUEUE_LEASE_MS = 30_000;

export type Accepted = 'queued' | 'duplicate';

export const acceptInbound = async (
  deps: { table: Table; answerQueue: MessageQueue },
  parsed: InboundMessage,
): Promise<Accepted> => {
  const message: InboundMessage = { ...parsed, routeInWorker: true };
  if (!(await claimArrival(deps.table, message, { leaseMs: ENQUEUE_LEASE_MS, ttlDays: DEDUPE_DAYS }))) {
    metrics.addMetric('DuplicateWebhook', MetricUnit.Count, 1);
    logger.info('duplicate delivery; already queued');
    return 'duplicate';
  }
  try {
    await enqueueInbound(deps.answerQueue, message);
    await markArrivalQueued(deps.table, message);
  } catch (error) {
    // Give the claim back so the provider's retry is queued, not dropped as a duplicate.
    await releaseArrival(deps.table, message).catch((releaseError: unknown) =>
      logger.warn('could not release the claim of a message not queued; its lease expires in 30 s', {
        error: releaseError,
        providerMessageId: message.providerMessageId,
      }),
    );
    throw error;
  }
  return 'queued';
};
