import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../bin/local/stack.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';
import { makeZip } from '../support/zip-writer.js';

const MAX_BYTES = 200_000;
let stack: LocalStack;
let owner: Awaited<ReturnType<typeof createTenantClient>>;

beforeAll(async () => {
  stack = await startTestStack({ env: { MAX_UPLOAD_BYTES: String(MAX_BYTES) } });
  owner = await createTenantClient(stack, 'Limits Ltd');
});
afterAll(async () => {
  await stack?.close();
});

/** Declares a small file, then uploads whatever bytes it likes: s3rver enforces no policy. */
const uploadLying = async (filename: string, bytes: Uint8Array) => {
  const created = await owner.call('POST', '/v1/documents', { filename, size: 100 });
  await uploadToPresignedPost(created.json.upload, bytes, filename);
  await stack.idle();
  return (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
};

describe('limits the worker enforces itself', () => {
  it('binds the presigned POST to the stage limit and the declared type', async () => {
    // Act
    const created = await owner.call('POST', '/v1/documents', { filename: 'a.txt', size: 10 });

    // Assess
    const policy = JSON.parse(Buffer.from(created.json.upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, MAX_BYTES]);
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'text/plain']);
    expect(created.json.upload.fields.key).toMatch(new RegExp(`^tenants/${owner.tenantId}/documents/`));
  });

  it('fails a file larger than the limit even when the upload slipped through', async () => {
    // Act
    const document = await uploadLying('huge.txt', new TextEncoder().encode('menu '.repeat(60_000)));

    // Assess
    expect(document).toMatchObject({ status: 'failed', chunks: 0 });
    expect(document.reason).toMatch(/larger than the 196 KB limit/);
  });

  it('fails a DOCX that would inflate far beyond its size', async () => {
    // Act
    const bomb = makeZip({ 'word/document.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) });
    const document = await uploadLying('bomb.docx', bomb);

    // Assess
    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(
      /expands to more than \d+ MB when opened; it may be damaged or a decompression bomb/,
    );
  });
});
