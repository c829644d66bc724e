import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestMessage } from '../contracts/ingest-messages.js';
import { ConfigurationError } from '../platform/errors.js';

/** The ingest queue (standard SQS): S3 notifications arrive on it, and reindex requests. */
export interface IngestQueue {
  send(body: string): Promise<void>;
}

export const createSqsIngestQueue = (client: SQSClient, queueUrl: string | undefined): IngestQueue => ({
  async send(body) {
    if (!queueUrl) throw new ConfigurationError('INGEST_QUEUE_URL is not set');
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  },
});

export const reindexMessage = (tenantId: string, documentId: string): string =>
  JSON.stringify({ type: 'reindex', tenantId, documentId } satisfies IngestMessage);

/** S3 event keys are form-encoded: spaces as '+', everything else percent-encoded. */
export const decodeS3EventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));
