import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentObjectKey } from '../../functions/ingest/document-files.js';
import type { DocumentKind } from '../../functions/ingest/document-types.js';
import { extractDocument } from '../../functions/ingest/extract.js';
import { CRASH_REASON } from '../../functions/ingest/ingest-document.js';
import { processIngestRecord } from '../../functions/ingest/process-ingest-record.js';
import { createEmbeddedIndex } from '../../functions/knowledge/embedded-index.js';
import type { KnowledgeIndex } from '../../functions/knowledge/knowledge-index.js';
import { getDocument, putDocument } from '../../functions/store/documents.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { makePdf } from '../../tools/fixtures/document-fixtures.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
let upsertFailures = 0;

beforeAll(async () => {
  // The index is down for documents that mention "outage": every attempt throws. Everything
  // else goes to the embedded index over the stack's own table.
  let embedded: KnowledgeIndex | undefined;
  const flaky: KnowledgeIndex = {
    kind: 'flaky',
    search: (...args) => embedded!.search(...args),
    removeDocument: (...args) => embedded!.removeDocument(...args),
    async upsert(tenantId, chunks) {
      if (chunks.some((c) => c.text.includes('outage'))) {
        upsertFailures++;
        throw new Error('vector index unavailable');
      }
      return embedded!.upsert(tenantId, chunks);
    },
  };
  stack = await startTestStack({ env: { INGEST_MAX_RECEIVE_COUNT: '3' }, overrides: { knowledge: flaky } });
  embedded = createEmbeddedIndex(stack.runtime.table);
});
afterAll(async () => {
  await stack?.close();
});

describe('an ingest that keeps crashing', () => {
  it('is retried, dead-lettered, and leaves the document failed, not processing', async () => {
    // Prepare
    const owner = await createTenantClient(stack, 'Crashy Cafe');
    const pdf = await makePdf([['This document triggers an outage in the index.']]);
    const created = await owner.call('POST', '/v1/documents', {
      filename: 'crash.pdf',
      size: pdf.byteLength,
    });

    // Act
    await uploadToPresignedPost(created.json.upload, pdf, 'crash.pdf');
    await stack.idle();
    const { json } = await owner.call('GET', `/v1/documents/${created.json.documentId}`);
    const dlq = stack.deadLetters.list();

    // Assess
    expect(upsertFailures).toBe(3);
    expect(json).toMatchObject({ status: 'failed', reason: CRASH_REASON });
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ queue: 'ingest', receiveCount: 3 });
    expect(JSON.parse(dlq[0]!.body).Records[0].s3.object.key).toContain(created.json.documentId);
  });
});

describe('a worker killed on the last attempt', () => {
  const sqsRecord = (objectKey: string, receiveCount: number): SQSRecord => ({
    messageId: `m-${receiveCount}`,
    receiptHandle: 'r',
    body: JSON.stringify({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Post',
          s3: { bucket: { name: 'frontdesk-uploads' }, object: { key: objectKey, size: 10 } },
        },
      ],
    }),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
    awsRegion: 'local',
  });

  it('leaves the document failed even though the work never finishes', async () => {
    // Prepare: a document whose indexing hangs forever, as a worker killed by its timeout would.
    const { table } = stack.runtime;
    const tenant = await createTenantClient(stack, 'Hanging Hotel');
    const documentId = 'doc-hang';
    const objectKey = documentObjectKey(tenant.tenantId, documentId, 'hang.pdf');
    const now = new Date().toISOString();
    await putDocument(table, {
      tenantId: tenant.tenantId,
      documentId,
      kind: 'file',
      filename: 'hang.pdf',
      contentType: 'application/pdf',
      objectKey,
      status: 'pending',
      chunks: 0,
      createdAt: now,
      updatedAt: now,
    });
    const pdf = await makePdf([['Room service ends at midnight.']]);
    // How many attempts have reached the index (where they hang for good).
    let hung = 0;
    const deps = {
      table,
      files: {
        presignUpload: async () => ({ url: '', fields: {} }),
        read: async () => pdf,
        remove: async () => {},
      },
      index: {
        kind: 'hanging',
        search: async () => [],
        removeDocument: async () => {},
        upsert: () => {
          hung += 1;
          return new Promise<void>(() => {});
        },
      },
      maxUploadBytes: 1024 * 1024,
      // In-process: the attempts below must reach the index within the settle time.
      extractor: {
        extract: (kind: DocumentKind, bytes: Uint8Array, filename: string) =>
          extractDocument(kind, bytes, filename),
      },
      maxReceiveCount: 3,
      defaultPlan: stack.runtime.config.defaultPlan,
    };
    const statusOf = async () => (await getDocument(table, tenant.tenantId, documentId))?.status;
    // Each attempt is waited for until it hangs in the index, however loaded the machine is: it
    // then touches the table no more, so the stack can close under it.
    const settle = async (attempts: number) => {
      for (let waited = 0; hung < attempts && waited < 30_000; waited += 25) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };

    // Act: an earlier attempt and the last one both start, and neither is ever awaited.
    void processIngestRecord(sqsRecord(objectKey, 1), deps);
    await settle(1);
    const duringEarlierAttempt = await statusOf();
    void processIngestRecord(sqsRecord(objectKey, 3), deps);
    await settle(2);
    const duringLastAttempt = await getDocument(table, tenant.tenantId, documentId);

    // Assess
    expect(duringEarlierAttempt).toBe('processing');
    expect(duringLastAttempt).toMatchObject({ status: 'failed', reason: CRASH_REASON });
  });
});
