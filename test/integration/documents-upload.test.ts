import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import {
  makeDocx,
  makeImageOnlyPdf,
  makePasswordProtectedPdf,
  makePdf,
} from '../../tools/fixtures/document-fixtures.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
let owner: Awaited<ReturnType<typeof createTenantClient>>;

beforeAll(async () => {
  stack = await startTestStack();
  owner = await createTenantClient(stack, 'Bella Pizza');
});
afterAll(async () => {
  await stack?.close();
});

/** Requests a presigned POST, uploads the bytes, waits for the ingest, returns the document. */
const uploadDocument = async (filename: string, bytes: Uint8Array, contentType?: string) => {
  const created = await owner.call('POST', '/v1/documents', {
    filename,
    contentType,
    size: bytes.byteLength,
  });
  expect(created.status).toBe(201);
  expect(created.json.status).toBe('pending');
  const uploaded = await uploadToPresignedPost(created.json.upload, bytes, filename);
  expect(uploaded.status).toBeLessThan(300);
  await stack.idle();
  const { json } = await owner.call('GET', `/v1/documents/${created.json.documentId}`);
  return json;
};

describe('uploading documents on the local stack', () => {
  it('ingests a PDF to ready, and search finds its passage', async () => {
    // Prepare
    const pdf = await makePdf([
      ['Bella Pizza menu', 'Margherita pizza costs 9 euros. Diavola pizza costs 11 euros.'],
      ['Parking', 'Free parking is available behind the restaurant after 6 pm.'],
    ]);

    // Act
    const document = await uploadDocument('menu.pdf', pdf);
    const search = await owner.call('POST', '/v1/search', { query: 'where can I park?', k: 3 });

    // Assess
    expect(document).toMatchObject({ filename: 'menu.pdf', status: 'ready', reason: null, pages: 2 });
    expect(document.chunks).toBeGreaterThan(0);
    expect(search.status).toBe(200);
    expect(search.json.results[0]).toMatchObject({ documentId: document.documentId });
    expect(search.json.results[0].text).toContain('Free parking is available behind the restaurant');
  });

  it('ingests a DOCX with a table, keeping each row with its headers', async () => {
    // Prepare
    const docx = await makeDocx({
      title: 'Opening hours',
      paragraphs: ['We are closed on public holidays.'],
      table: [
        ['Day', 'Hours'],
        ['Sunday', '12:00 to 15:00'],
      ],
    });

    // Act
    const document = await uploadDocument('hours.docx', docx);
    const search = await owner.call('POST', '/v1/search', { query: 'sunday hours', k: 1 });

    // Assess
    expect(document).toMatchObject({ status: 'ready', reason: null });
    expect(search.json.results[0].text).toContain('Sunday; 12:00 to 15:00');
    expect(search.json.results[0].text).toContain('Opening hours');
  });

  it('does not index the same content twice', async () => {
    // Prepare
    const pdf = await makePdf([['Gift cards are sold at the counter for any amount.']]);
    const first = await uploadDocument('gift-cards.pdf', pdf);

    // Act
    const second = await uploadDocument('gift-cards-copy.pdf', pdf);
    const search = await owner.call('POST', '/v1/search', { query: 'gift cards counter', k: 5 });

    // Assess
    expect(first).toMatchObject({ status: 'ready' });
    expect(second).toMatchObject({ status: 'ready', chunks: 0 });
    expect(second.reason).toContain('gift-cards.pdf');
    const giftHits = search.json.results.filter((r: { text: string }) => r.text.includes('Gift cards'));
    expect(giftHits).toHaveLength(1);
  });

  it('indexes the remaining copy when the indexed one is deleted', async () => {
    // Prepare
    const pdf = await makePdf([['Birthday parties get a free cake for groups of ten.']]);
    const original = await uploadDocument('parties.pdf', pdf);
    const copy = await uploadDocument('parties-again.pdf', pdf);

    // Act
    await owner.call('DELETE', `/v1/documents/${original.documentId}`);
    await stack.idle();
    const { json } = await owner.call('GET', `/v1/documents/${copy.documentId}`);
    const search = await owner.call('POST', '/v1/search', { query: 'birthday cake groups', k: 1 });

    // Assess
    expect(copy.chunks).toBe(0);
    expect(json).toMatchObject({ status: 'ready', reason: null });
    expect(json.chunks).toBeGreaterThan(0);
    expect(search.json.results[0]).toMatchObject({ documentId: copy.documentId });
  });

  it.each([
    ['corrupt.pdf', new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf at all'), /damaged/],
    ['empty.txt', new TextEncoder().encode('   \n\n  '), /no text/],
    ['fake.docx', new TextEncoder().encode('plain text with a .docx name'), /not a Word document/],
  ])('marks %s failed with a reason the owner can act on', async (filename, bytes, reason) => {
    // Act
    const document = await uploadDocument(filename, bytes);

    // Assess
    expect(document).toMatchObject({ status: 'failed', chunks: 0 });
    expect(document.reason).toMatch(reason);
  });

  it('marks a password-protected PDF failed, asking for it without the password', async () => {
    // Act
    const document = await uploadDocument('locked.pdf', makePasswordProtectedPdf());

    // Assess
    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/password-protected; remove the password/);
  });

  it('marks an image-only PDF without any text failed: no text found', async () => {
    // Act
    const document = await uploadDocument('scan.pdf', await makeImageOnlyPdf());

    // Assess
    expect(document.status).toBe('failed');
    // OCR reads it (the local stack has the embedded engine) and finds only a rectangle.
    expect(document.reason).toMatch(/No text was found in "scan.pdf"/);
  });

  it('refuses unsupported types and oversized files before any upload', async () => {
    // Act
    const exe = await owner.call('POST', '/v1/documents', { filename: 'setup.exe', size: 10 });
    const huge = await owner.call('POST', '/v1/documents', { filename: 'big.pdf', size: 27 * 1024 * 1024 });
    const empty = await owner.call('POST', '/v1/documents', { filename: 'menu.pdf', size: 0 });

    // Assess: in the owner's words and units
    expect(exe.status).toBe(415);
    expect(huge.status).toBe(413);
    expect(huge.json.error).toBe(
      'This file is 27 MB; documents may be at most 25 MB. Split it, or save it without images, then upload again',
    );
    expect(empty.status).toBe(400);
    expect(empty.json.error).toContain('the file is empty (0 bytes)');
  });

  it('deletes a document with its chunks, so search no longer finds it', async () => {
    // Prepare
    const document = await uploadDocument('wifi.pdf', await makePdf([['The wifi password is basil2024.']]));
    const before = await owner.call('POST', '/v1/search', { query: 'wifi password', k: 3 });

    // Act
    const deleted = await owner.call('DELETE', `/v1/documents/${document.documentId}`);
    const after = await owner.call('POST', '/v1/search', { query: 'wifi password', k: 3 });
    const read = await owner.call('GET', `/v1/documents/${document.documentId}`);

    // Assess
    expect(before.json.results[0].text).toContain('basil2024');
    expect(deleted.status).toBe(204);
    expect(after.json.results.some((r: { text: string }) => r.text.includes('basil2024'))).toBe(false);
    expect(read.status).toBe(404);
  });

  it('reindexes a document back to ready', async () => {
    // Prepare
    const document = await uploadDocument(
      'faq.pdf',
      await makePdf([['Do you deliver?', 'Yes, within 5 km.']]),
    );

    // Act
    const reindex = await owner.call('POST', `/v1/documents/${document.documentId}/reindex`);
    await stack.idle();
    const { json } = await owner.call('GET', `/v1/documents/${document.documentId}`);

    // Assess
    expect(reindex.status).toBe(202);
    expect(json).toMatchObject({ status: 'ready', chunks: document.chunks });
  });
});
