import { describe, expect, it } from 'vitest';
import { IngestMessage } from '../../functions/contracts/ingest-messages.js';
import { documentObjectKey, parseDocumentObjectKey } from '../../functions/ingest/document-files.js';
import { decodeS3EventKey, reindexMessage } from '../../functions/ingest/ingest-queue.js';
import { encodeS3EventKey } from '../../local-stack/s3.js';

describe('ingest queue messages', () => {
  it('decode S3 notification keys back to object keys', () => {
    // Prepare
    const key = "tenants/t1/documents/d1/Menú del día (it's) 100%+.pdf";

    // Act
    const decoded = decodeS3EventKey(encodeS3EventKey(key));

    // Assess
    expect(decoded).toBe(key);
  });

  it('find the tenant and document in an object key, and nothing in other keys', () => {
    expect(parseDocumentObjectKey(documentObjectKey('t1', 'd1', 'Menú 2024.pdf'))).toEqual({
      tenantId: 't1',
      documentId: 'd1',
    });
    expect(parseDocumentObjectKey('tenants/t1/other/d1/x.pdf')).toBeUndefined();
    expect(parseDocumentObjectKey('tenants/t1/documents/d1/a/b.pdf')).toBeUndefined();
  });

  it('accept S3 events, the S3 test event and reindex requests, and refuse anything else', () => {
    const s3 = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Post',
          s3: { bucket: { name: 'b' }, object: { key: 'k', size: 1 } },
        },
      ],
    };
    expect(IngestMessage.safeParse(s3).success).toBe(true);
    expect(IngestMessage.safeParse({ Event: 's3:TestEvent', Bucket: 'b' }).success).toBe(true);
    expect(IngestMessage.parse(JSON.parse(reindexMessage('t1', 'd1')))).toEqual({
      type: 'reindex',
      tenantId: 't1',
      documentId: 'd1',
    });
    expect(IngestMessage.safeParse({ type: 'reindex', tenantId: '' }).success).toBe(false);
  });
});
