import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { ConversationRuntime } from '../composition/runtime.js';
import { processInboundRecord } from '../conversation/process-inbound.js';
import { createRouteHints } from '../conversation/route-hints.js';
import { logger, metrics, metricsPublisher } from '../platform/observability.js';

/**
 * The answer queue's consumer. Reports partial batch failures; with FIFO, a failed message also
 * fails the rest of its own group in the batch (order is kept) while other groups go on.
 */
export const createAnswerWorkerHandler = (
  runtime: ConversationRuntime,
  /** `rememberRoutes: false` reads every message's route (the bench's naive row). */
  options: { rememberRoutes?: boolean } = {},
) => {
  const processor = new SqsFifoPartialProcessorAsync();
  const deps = {
    ...runtime,
    conversationTtlDays: runtime.config.conversationTtlDays,
    answers: runtime.config.answers,
    defaultPlan: runtime.config.defaultPlan,
    sharedNumbers: runtime.config.sharedNumbers,
    auditRetentionDays: runtime.config.audit.retentionDays,
    // Per warm container: a message to an address it knows needs no route read of its own.
    routeHints: options.rememberRoutes === false ? undefined : createRouteHints(),
  };
  const recordHandler = async (record: SQSRecord) => {
    try {
      await processInboundRecord(record, deps);
    } catch (error) {
      metrics.addMetric('AnswerFailed', MetricUnit.Count, 1);
      logger.error('message not answered; it will be retried', { error, messageId: record.messageId });
      throw error;
    }
  };
  return middy<SQSEvent, unknown>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .handler((event, context) =>
      processPartialResponse(event, recordHandler, processor, {
        context,
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      }),
    );
};
