import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DEDUPE_DAYS, type InboundMessage } from '../contracts/messages.js';
import { logger, metrics } from '../platform/observability.js';
import { enqueueInbound, type MessageQueue } from '../queue/answer-queue.js';
import type { Table } from '../store/client.js';
import { noteArrivalQueued } from '../store/inbound-arrivals.js';

/**
 * The one accept pipeline of the webhooks (Twilio, Meta and web chat keep only verifying and
 * parsing): a verified inbound message is queued, then noted under its conversation (one write,
 * the burst note). Queueing first means no write can stand for a message that is not on the
 * queue: a failure to queue fails the request with nothing written, so the provider retries, and
 * a webhook that dies after queueing leaves a queued message. A redelivery is queued again and
 * dropped downstream: by the FIFO queue's deduplication id within five minutes, by the worker's
 * reply claim after that (kept `DEDUPE_DAYS`). Whose business it is, the worker
 * finds out (`routeInWorker`). One table call per message (npm run bench; BENCHMARKS.md, issue 19).
 */

export type Accepted = 'queued' | 'duplicate';

export const acceptInbound = async (
  deps: { table: Table; answerQueue: MessageQueue },
  parsed: InboundMessage,
): Promise<Accepted> => {
  const message: InboundMessage = { ...parsed, routeInWorker: true };
  await enqueueInbound(deps.answerQueue, message);
  // A failure here fails the request: the provider's retry is dropped by the queue's
  // deduplication id and writes the note, so a later message of a burst still finds it.
  if (!(await noteArrivalQueued(deps.table, message, { ttlDays: DEDUPE_DAYS }))) {
    metrics.addMetric('DuplicateWebhook', MetricUnit.Count, 1);
    logger.info('duplicate delivery; the queue or the reply claim drops it');
    return 'duplicate';
  }
  return 'queued';
};
