import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { makePdf } from '../../tools/fixtures/document-fixtures.js';
import {
  adminClient,
  createTenantClient,
  PLATFORM_KEY,
  uploadToPresignedPost,
} from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
let tenantA: Awaited<ReturnType<typeof createTenantClient>>;
let tenantB: Awaited<ReturnType<typeof createTenantClient>>;
let documentOfA: string;

beforeAll(async () => {
  stack = await startTestStack();
  tenantA = await createTenantClient(stack, 'Smile Dental');
  tenantB = await createTenantClient(stack, 'Bella Pizza');
  const pdf = await makePdf([['Teeth whitening costs 250 dollars per session.']]);
  const created = await tenantA.call('POST', '/v1/documents', {
    filename: 'prices.pdf',
    size: pdf.byteLength,
  });
  documentOfA = created.json.documentId;
  await uploadToPresignedPost(created.json.upload, pdf, 'prices.pdf');
  await stack.idle();
});
afterAll(async () => {
  await stack?.close();
});

describe("another tenant's documents", () => {
  it('are ready and searchable for their owner', async () => {
    // Act
    const read = await tenantA.call('GET', `/v1/documents/${documentOfA}`);
    const search = await tenantA.call('POST', '/v1/search', { query: 'teeth whitening price' });

    // Assess
    expect(read.json.status).toBe('ready');
    expect(search.json.results[0].text).toContain('Teeth whitening');
  });

  it('cannot be listed, read, reindexed or deleted by tenant B (404, existence not revealed)', async () => {
    // Act
    const list = await tenantB.call('GET', '/v1/documents');
    const read = await tenantB.call('GET', `/v1/documents/${documentOfA}`);
    const reindex = await tenantB.call('POST', `/v1/documents/${documentOfA}/reindex`);
    const remove = await tenantB.call('DELETE', `/v1/documents/${documentOfA}`);
    const stillThere = await tenantA.call('GET', `/v1/documents/${documentOfA}`);

    // Assess
    expect(list.json.documents).toEqual([]);
    expect([read.status, reindex.status, remove.status]).toEqual([404, 404, 404]);
    expect(read.json).toEqual({ error: 'Document not found' });
    expect(stillThere.json.status).toBe('ready');
  });

  it('never show up in tenant B searches', async () => {
    // Act
    const search = await tenantB.call('POST', '/v1/search', { query: 'teeth whitening price' });

    // Assess
    expect(search.status).toBe(200);
    expect(search.json.results).toEqual([]);
  });

  it('cannot be forged by uploading under another tenant prefix', async () => {
    // Prepare: B's presigned POST is bound to B's key; B rewrites the key field to A's prefix.
    const pdf = await makePdf([['Forged: whitening is free today.']]);
    const created = await tenantB.call('POST', '/v1/documents', { filename: 'x.pdf', size: pdf.byteLength });
    const forgedKey = created.json.upload.fields.key.replace(tenantB.tenantId, tenantA.tenantId);

    // Act: s3rver checks no policy, so the object lands; the worker must not index it for A.
    await uploadToPresignedPost(
      { url: created.json.upload.url, fields: { ...created.json.upload.fields, key: forgedKey } },
      pdf,
      'x.pdf',
    );
    await stack.idle();
    const search = await tenantA.call('POST', '/v1/search', { query: 'whitening free today' });

    // Assess
    expect(search.json.results.some((r: { text: string }) => r.text.includes('Forged'))).toBe(false);
  });

  it('need a tenant key: the platform key and no key are refused', async () => {
    // Act
    const anonymous = await fetch(`${stack.url}/v1/documents`);
    const platform = await adminClient(stack, PLATFORM_KEY).call('GET', '/v1/documents');

    // Assess
    expect(anonymous.status).toBe(401);
    expect(platform.status).toBe(403);
  });
});
