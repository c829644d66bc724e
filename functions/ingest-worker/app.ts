import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Runtime } from '../composition/runtime.js';
import { createExtractionSandbox } from '../ingest/extraction-sandbox.js';
import { createOcrEngine } from '../ingest/ocr/choose-ocr.js';
import { processIngestRecord } from '../ingest/process-ingest-record.js';
import { logger, metricsPublisher } from '../platform/observability.js';

/** Time kept back from Lambda's timeout to record a failure before being killed. */
const SAFETY_MARGIN_MS = 10_000;

/**
 * The ingest queue's consumer (standard SQS): each record is an S3 notification or a reindex
 * request. Partial batch failures: one bad record is retried alone.
 */
export const createIngestWorkerHandler = (runtime: Runtime) => {
  const processor = new BatchProcessor(EventType.SQS);
  // One per handler (one per Lambda environment): a bomb stops this thread, never the process.
  const extractor = createExtractionSandbox(runtime.config.ingest.extraction);
  const deps = {
    table: runtime.table,
    files: runtime.files,
    index: runtime.knowledge,
    maxUploadBytes: runtime.config.ingest.maxUploadBytes,
    extractor,
    ocr: createOcrEngine(runtime.config, extractor),
    maxReceiveCount: runtime.config.ingest.maxReceiveCount,
    defaultPlan: runtime.config.defaultPlan,
  };
  return middy<SQSEvent, unknown>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .handler((event, context: Context) => {
      const recordHandler = (record: SQSRecord) =>
        processIngestRecord(record, deps, {
          deadlineMs: context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
        });
      return processPartialResponse(event, recordHandler, processor, {
        context,
        // One document at a time keeps memory bounded by the largest file, not the batch.
        processInParallel: false,
        throwOnFullBatchFailure: false,
      });
    });
};
