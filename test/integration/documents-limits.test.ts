import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_UPLOAD_REASON } from '../../functions/ingest/document-lifecycle.js';
import { getDocument, putDocument } from '../../functions/store/documents.js';
import { LOCAL_S3_CREDENTIALS } from '../../local-stack/s3.js';
import type { LocalStack } from '../../local-stack/stack.js';
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

/** Uploads a file the way the API hands out, declaring its true size. */
const uploadDeclared = async (filename: string, bytes: Uint8Array) => {
  const created = await owner.call('POST', '/v1/documents', { filename, size: bytes.byteLength });
  const uploaded = await uploadToPresignedPost(created.json.upload, bytes, filename);
  expect(uploaded.status).toBe(204);
  await stack.idle();
  return (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
};

/**
 * Puts the bytes straight into the bucket under a document's key, as if the upload had slipped
 * past the presigned POST's policy: what the worker must still refuse on its own.
 */
const uploadPastThePolicy = async (filename: string, bytes: Uint8Array) => {
  const created = await owner.call('POST', '/v1/documents', { filename, size: 100 });
  const s3 = new S3Client({
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: LOCAL_S3_CREDENTIALS,
  });
  await s3.send(
    new PutObjectCommand({
      Bucket: created.json.upload.fields.bucket,
      Key: created.json.upload.fields.key,
      Body: bytes,
      ContentType: created.json.upload.fields['Content-Type'],
    }),
  );
  s3.destroy();
  await stack.idle();
  return (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
};

describe('limits the worker enforces itself', () => {
  it('binds the presigned POST to the declared size and type', async () => {
    // Act
    const created = await owner.call('POST', '/v1/documents', { filename: 'a.txt', size: 10 });

    // Assess
    const policy = JSON.parse(Buffer.from(created.json.upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10]);
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'text/plain']);
    expect(created.json.upload.fields.key).toMatch(new RegExp(`^tenants/${owner.tenantId}/documents/`));
  });

  it('fails a file larger than the limit even when the upload slipped through', async () => {
    // Act
    const document = await uploadPastThePolicy('huge.txt', new TextEncoder().encode('menu '.repeat(60_000)));

    // Assess
    expect(document).toMatchObject({ status: 'failed', chunks: 0 });
    expect(document.reason).toMatch(/larger than the 196 KB limit/);
  });

  it('fails a DOCX that would inflate far beyond its size', async () => {
    // Act
    const bomb = makeZip({ 'word/document.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) });
    const document = await uploadDeclared('bomb.docx', bomb);

    // Assess
    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(
      /expands to more than \d+ MB when opened; it may be damaged or a decompression bomb/,
    );
  });
});

describe('an upload bigger than declared', () => {
  it('is refused by the bucket, as S3 refuses it, and never reaches the worker', async () => {
    // Prepare: 100 bytes declared, 150,000 sent (within the stage limit, beyond the declaration)
    const created = await owner.call('POST', '/v1/documents', { filename: 'menu.txt', size: 100 });
    const bytes = new TextEncoder().encode('pizza '.repeat(25_000));

    // Act
    const uploaded = await uploadToPresignedPost(created.json.upload, bytes, 'menu.txt');
    const answer = await uploaded.text();
    await stack.idle();
    const document = (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;

    // Assess
    expect(uploaded.status).toBe(400);
    expect(answer).toContain('<Code>EntityTooLarge</Code>');
    expect(answer).toContain('<MaxSizeAllowed>100</MaxSizeAllowed>');
    expect(document).toMatchObject({ status: 'pending', size: 100, chunks: 0 });
  });

  it('a file of the declared size goes through and ends ready', async () => {
    // Act
    const document = await uploadDeclared(
      'hours.txt',
      new TextEncoder().encode('We open at 11am every day.'),
    );

    // Assess
    expect(document).toMatchObject({ status: 'ready', size: 26 });
  });
});

describe('an upload that never came', () => {
  it('reads failed, with what to do, once its upload link has long expired', async () => {
    // Prepare: a document announced 20 minutes ago whose file never arrived
    const created = await owner.call('POST', '/v1/documents', { filename: 'prices.pdf', size: 1000 });
    const record = await getDocument(stack.runtime.table, owner.tenantId, created.json.documentId);
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000).toISOString();
    await putDocument(stack.runtime.table, {
      ...record!,
      createdAt: twentyMinutesAgo,
      updatedAt: twentyMinutesAgo,
    });

    // Act
    const one = (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
    const listed = (await owner.call('GET', '/v1/documents')).json.documents.find(
      (d: { documentId: string }) => d.documentId === created.json.documentId,
    );

    // Assess
    expect(created.json.status).toBe('pending');
    for (const view of [one, listed]) {
      expect(view).toMatchObject({ status: 'failed', reason: NO_UPLOAD_REASON });
    }
    expect(NO_UPLOAD_REASON).toBe(
      'The file never arrived: its upload link expired after 10 minutes. Upload the file again',
    );
  });
});
