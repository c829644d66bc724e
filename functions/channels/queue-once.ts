import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../platform/observability.js';
import { enqueueInbound, type MessageQueue } from '../queue/answer-queue.js';
import type { Table } from '../store/client.js';
import { claimArrival, markArrivalQueued, releaseArrival } from '../store/inbound-arrivals.js';
import type { InboundMessage } from './message.js';

/**
 * Puts a verified inbound message on the answer queue once, whatever the provider redelivers:
 * claim (one conditional write), queue, mark it queued (one write). A failure to queue gives the
 * claim back and fails the request, so the provider's retry is queued; a duplicate is
 * acknowledged and dropped. Whose business it is, the worker finds out (`routeInWorker`).
 */
export const queueOnce = async (
  deps: { table: Table; answerQueue: MessageQueue },
  message: InboundMessage,
  options: { leaseMs: number; ttlDays: number },
): Promise<'queued' | 'duplicate'> => {
  if (!(await claimArrival(deps.table, message, options))) {
    metrics.addMetric('DuplicateWebhook', MetricUnit.Count, 1);
    logger.info('duplicate delivery; already queued');
    return 'duplicate';
  }
  try {
    await enqueueInbound(deps.answerQueue, message);
    await markArrivalQueued(deps.table, message);
  } catch (error) {
    // Give the claim back so a retry of this delivery is queued, not dropped as a duplicate.
    await releaseArrival(deps.table, message).catch(() => undefined);
    throw error;
  }
  return 'queued';
};
