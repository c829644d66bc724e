import * as z from 'zod';

const S3Record = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});

/**
 * What can arrive on the ingest queue (the queue's contract): S3's notifications of uploads, and
 * the admin API's reindex requests. The worker parses every record with this schema.
 */
export const IngestMessage = z.union([
  z.object({ Records: z.array(S3Record) }),
  /** S3 sends one when a notification is configured; there is nothing to ingest. */
  z.object({ Event: z.literal('s3:TestEvent') }),
  z.object({ type: z.literal('reindex'), tenantId: z.string().min(1), documentId: z.string().min(1) }),
]);
export type IngestMessage = z.infer<typeof IngestMessage>;
