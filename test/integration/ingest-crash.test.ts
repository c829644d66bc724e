import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../bin/local/stack.js';
import { CRASH_REASON } from '../../functions/ingest/process-ingest-record.js';
import { createEmbeddedIndex } from '../../functions/knowledge/embedded-index.js';
import type { KnowledgeIndex } from '../../functions/knowledge/knowledge-index.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { makePdf } from '../support/document-fixtures.js';
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
