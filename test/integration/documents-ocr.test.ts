import { readFileSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { COARSE_FAX, type Fax, LEGIBLE_FAX } from '../../tools/fixtures/make-fax-fixture.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

/** A price list photographed: PNG and JPEG of the same page (test/fixtures/ocr). */
const PNG = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.png', import.meta.url)));
const JPEG = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.jpg', import.meta.url)));
/** The same page as an iPhone saves it (HEIC; test/fixtures/ocr/README.md). */
const HEIC = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.heic', import.meta.url)));

/** A scanned PDF: the photo as the page's only content, no text layer. */
const scannedPdf = async (): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(PNG);
  const page = pdf.addPage([612, 260]);
  page.drawImage(image, { x: 0, y: 0, width: 612, height: 257 });
  return pdf.save();
};

/**
 * A fax as scanners store it: one CCITT Group 4 image (test/fixtures/ocr/*.g4, made by
 * tools/fixtures/make-fax-fixture.ts), 1 bit a pixel, drawn several times its size on a page
 * filled blue, as in the corpus's `ccitt_EndOfBlock_false.pdf`.
 */
const faxPdf = async (fax: Fax, file: string): Promise<Uint8Array> => {
  const g4 = new Uint8Array(readFileSync(new URL(`../fixtures/ocr/${file}`, import.meta.url)));
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 10, y: 10, width: 575, height: 822, color: rgb(0.4, 0.6, 1) });
  const image = pdf.context.stream(g4, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: fax.width,
    Height: fax.height,
    BitsPerComponent: 1,
    ColorSpace: 'DeviceGray',
    Filter: 'CCITTFaxDecode',
    DecodeParms: { K: -1, Columns: fax.width, Rows: fax.height },
  });
  const name = page.node.newXObject('Fax', pdf.context.register(image));
  const scale = Math.min(4, 528 / fax.width);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(fax.width * scale, 0, 0, fax.height * scale, 40, 800 - fax.height * scale),
    drawObject(name),
    popGraphicsState(),
  );
  return pdf.save();
};

/** The price list photographed out of focus (a Gaussian blur of 5 pixels). */
const blurryPhoto = async (): Promise<Uint8Array> => {
  const photo = await loadImage(PNG);
  const canvas = createCanvas(photo.width, photo.height);
  const context = canvas.getContext('2d');
  context.filter = 'blur(5px)';
  context.drawImage(photo, 0, 0);
  return new Uint8Array(canvas.toBuffer('image/png'));
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

  it('reads a fax (CCITT G4, boxed labels on a coloured page) to ready', async () => {
    const document = await uploadDocument('fax.pdf', await faxPdf(LEGIBLE_FAX, 'fax-labels.g4'));

    expect(document.status).toBe('ready');
    expect(document.preview).toMatch(/Margherita 9\.50/);
    expect(document.preview).toMatch(/Tiramisu 5\.50/);
  }, 120_000);

  it('fails a fax too coarse to read as such, not as blurry', async () => {
    const document = await uploadDocument('coarse-fax.pdf', await faxPdf(COARSE_FAX, 'fax-coarse.g4'));

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(
      /"coarse-fax.pdf" could not be read reliably.*black-and-white scan.*300 dpi/,
    );
    expect(document.reason).not.toMatch(/blurry/);
  }, 120_000);

  it('fails a blurry photo as too blurry, saying how to take a sharper one', async () => {
    const document = await uploadDocument('blurry.png', await blurryPhoto());

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(
      /"blurry.png" is too blurry to read reliably \(only \d+% sure.*sharper photo/,
    );
  }, 120_000);

  it('fails a photo without text with a reason the owner can act on', async () => {
    const document = await uploadDocument('wall.png', blankPhoto());

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/No text was found in "wall.png".*good light/);
  }, 120_000);

  it('reads an iPhone HEIC photo of the price list (decoded in the extraction sandbox)', async () => {
    const document = await uploadDocument('IMG_0001.HEIC', HEIC);

    expect(document.status).toBe('ready');
    expect(document.preview).toMatch(/Margherita pizza/);
    const search = await owner.call('POST', '/v1/search', {
      query: 'How much is the Quattro formaggi?',
      k: 1,
    });
    expect(JSON.stringify(search.json)).toMatch(/12\.00/);
  }, 120_000);

  it('fails a damaged HEIC photo with how to send a JPEG instead', async () => {
    const damaged = HEIC.slice(0, 600);
    const document = await uploadDocument('menu.heic', damaged);

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/could not be opened as a HEIC photo.*Most Compatible/);
  }, 120_000);

  it('fails a file named .png that is not one', async () => {
    const document = await uploadDocument('menu.png', new TextEncoder().encode('not an image at all'));

    expect(document.status).toBe('failed');
    expect(document.reason).toMatch(/is not a PNG image/);
  });
});
