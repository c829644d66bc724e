import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { IngestMessage } from '../contracts/ingest-messages.js';
import type { MetricName } from '../contracts/metrics.js';
import { logger, metrics } from '../platform/observability.js';
import { getDocument } from '../store/documents.js';
import { parseDocumentObjectKey } from './document-files.js';
import {
  CRASH_REASON,
  type IngestDeps,
  type IngestOutcome,
  ingestDocument,
  ingestUploadedObject,
  markFailed,
} from './ingest-document.js';
import { decodeS3EventKey } from './ingest-queue.js';

/** One metric per way an ingest ends. */
const OUTCOME_METRICS = {
  ready: 'DocumentsReady',
  failed: 'DocumentsFailed',
  skipped: 'DocumentsSkipped',
} as const satisfies Record<string, MetricName>;

export interface IngestRecordDeps extends IngestDeps {
  /** The queue's maxReceiveCount: on this receive a failure is final. */
  maxReceiveCount: number;
}

/**
 * Handles one ingest queue message: S3 notifications (one per uploaded object) or a reindex
 * request. A document problem ends in `failed` and the message is done; any other error is
 * thrown so SQS retries, and on the last receive the document is marked `failed` first, so
 * nothing stays `processing` after its message is dead-lettered.
 */
export async function processIngestRecord(
  record: SQSRecord,
  deps: IngestRecordDeps,
  options: { deadlineMs?: number } = {},
): Promise<IngestOutcome[]> {
  const message = IngestMessage.parse(JSON.parse(record.body));
  if ('Event' in message) return [];
  const targets =
    'Records' in message
      ? message.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
          objectKey: decodeS3EventKey(r.s3.object.key),
        }))
      : [{ tenantId: message.tenantId, documentId: message.documentId }];

  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 1);
  const lastAttempt = receiveCount >= deps.maxReceiveCount;
  const outcomes: IngestOutcome[] = [];
  for (const target of targets) {
    const ref = 'objectKey' in target ? parseDocumentObjectKey(target.objectKey) : target;
    const appendKeys = { tenantId: ref?.tenantId, documentId: ref?.documentId, messageId: record.messageId };
    try {
      const work =
        'objectKey' in target
          ? ingestUploadedObject(deps, target.objectKey, { lastAttempt })
          : getDocument(deps.table, target.tenantId, target.documentId).then((document) =>
              document
                ? ingestDocument(deps, document, { force: true, lastAttempt })
                : ({ status: 'skipped', why: 'document deleted' } as const),
            );
      const outcome = await withDeadline(work, options.deadlineMs);
      logger.info('ingest finished', { ...appendKeys, outcome });
      metrics.addMetric(OUTCOME_METRICS[outcome.status], MetricUnit.Count, 1);
      outcomes.push(outcome);
    } catch (error) {
      logger.error('ingest crashed', { ...appendKeys, error, receiveCount, lastAttempt });
      if (lastAttempt && ref) {
        const document = await getDocument(deps.table, ref.tenantId, ref.documentId);
        if (document) await markFailed(deps.table, document, CRASH_REASON);
      }
      throw error;
    }
  }
  return outcomes;
}

export class IngestTimeoutError extends Error {
  override name = 'IngestTimeoutError';
}

/** Gives up before Lambda's own timeout, so the failure is ours to record, not a silent kill. */
const withDeadline = async <T>(work: Promise<T>, deadlineMs: number | undefined): Promise<T> => {
  if (deadlineMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new IngestTimeoutError(`ingest took longer than ${deadlineMs} ms`)),
      Math.max(0, deadlineMs),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
