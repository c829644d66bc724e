import { readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

/** A price list photographed: PNG and JPEG of the same page (test/fixtures/ocr). */
const PNG = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.png', import.meta.url)));
const JPEG = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.jpg', import.meta.url)));

/** A scanned PDF: the photo as the page's only content, no text layer. */
const scannedPdf = async (): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(PNG);
  const page = pdf.addPage([612, 260]);
  page.drawImage(image, { x: 0, y: 0, width: 612, height: 257 });
  return pdf.save();
};

/** A photo with no writing on it (a plain wall). */
const blankPhoto = (): Uint8Array => {
  const canvas = createCanvas(600, 400);
  const context = canvas.getContext('2d');
  context.fillStyle = '#c8b89a';
  context.fillRect(0, 0, 600, 400);
  return new Uint8Array(canvas.toBuffer('image/png'));
};

let stack: LocalStack;
let owner: Awaited<ReturnType<typeof createTenantClient>>;

beforeAll(async () => {
  stack = await startTestStack();
  owner = await createTenantClient(stack, 'Bella Pizza');
});
afterAll(async () => {
  await stack?.close();
});

const uploadDocument = async (filename: string, bytes: Uint8Array) => {
  const created = await owner.call('POST', '/v1/documents', { filename, size: bytes.byteLength });
  expect(created.status).toBe(201);
  await uploadToPresignedPost(created.json.upload, bytes, filename);
  await stack.idle();
  return (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
};

describe('OCR for owners’ scans and photos (embedded Tesseract, offline)', () => {
  it('reads a scanned PDF to ready, and a customer’s question finds its prices', async () => {
    const document = await uploadDocument('price-list-scan.pdf', await scannedPdf());

    expect(document.status).toBe('ready');
    expect(document.preview).toMatch(/Margherita pizza/);
    const search = await owner.call('POST', '/v1/search', {
      query: 'How much is the Margherita pizza?',
      k: 1,
    });
    expect(JSON.stringify(search.json)).toMatch(/9\.50/);
  }, 120_000);

  it('reads a PNG and a JPEG photo of the price list', async () => {
    const png = await uploadDocument('price-list.png', PNG);
    const jpeg = await uploadDocument('price-list.jpg', JPEG);

    expect(png.status).toBe('ready');
    expect(png.preview).toMatch(/Quattro formaggi/);
    expect(jpeg.status).toBe('ready');
    expect(jpeg.preview).toMatch(/Margherita pizza/);
  }, 120_000);

  it('fails a photo without text with a reason the owner can act on', async () => {
    const document = await uploadDocument('wall.png', blankPhoto());

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/No text was found in "wall.png".*good light/);
  }, 120_000);

  it('refuses a HEIC photo before the upload, saying how to send a JPEG', async () => {
    const created = await owner.call('POST', '/v1/documents', { filename: 'menu.heic', size: 1000 });

    expect(created.status).toBe(415);
    expect(JSON.stringify(created.json)).toMatch(/HEIC.*Most Compatible/);
  });

  it('fails a file named .png that is not one', async () => {
    const document = await uploadDocument('menu.png', new TextEncoder().encode('not an image at all'));

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/is not a PNG image/);
  });
});
