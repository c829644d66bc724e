import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
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

const S3Record = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});

/** What can arrive on the ingest queue; validated at the edge of the worker. */
export const IngestMessage = z.union([
  z.object({ Records: z.array(S3Record) }),
  /** S3 sends one when a notification is configured; there is nothing to ingest. */
  z.object({ Event: z.literal('s3:TestEvent') }),
  z.object({ type: z.literal('reindex'), tenantId: z.string().min(1), documentId: z.string().min(1) }),
]);
export type IngestMessage = z.infer<typeof IngestMessage>;

export const reindexMessage = (tenantId: string, documentId: string): string =>
  JSON.stringify({ type: 'reindex', tenantId, documentId } satisfies IngestMessage);

/** S3 event keys are form-encoded: spaces as '+', everything else percent-encoded. */
export const decodeS3EventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));
