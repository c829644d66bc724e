import { readFileSync } from 'node:fs';
import { TextractClient } from '@aws-sdk/client-textract';
import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createExtractionSandbox,
  type DocumentExtractor,
} from '../../functions/ingest/extraction-sandbox.js';
import { createTextractOcr } from '../../functions/ingest/ocr/textract-ocr.js';
import { DEFAULT_EXTRACTION_LIMITS } from '../../functions/platform/extraction-limits.js';
import { startFakeTextract, textractLine } from '../support/fake-textract.js';

/** The price list as an iPhone saves it (HEIC; test/fixtures/ocr/README.md says how it was made). */
const HEIC = new Uint8Array(readFileSync(new URL('../fixtures/ocr/price-list.heic', import.meta.url)));

/** For the tests that send no HEIC: converting anything would be a mistake. */
const noConversion: Pick<DocumentExtractor, 'heicAsJpeg'> = {
  heicAsJpeg: () => Promise.reject(new Error('nothing here needs converting')),
};

let fake: Awaited<ReturnType<typeof startFakeTextract>> | undefined;
afterEach(async () => {
  await fake?.close();
});

const engine = (url: string, maxPages = 20, converter = noConversion) =>
  createTextractOcr({
    region: 'eu-west-1',
    bucket: 'uploads-bucket',
    limits: { maxPages, timeoutMs: 10_000 },
    converter,
    pollMs: 10,
    client: new TextractClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    }),
  });

describe('Amazon Textract OCR (the real client against a local Textract API)', () => {
  it('reads a photo from the uploads bucket with DetectDocumentText, paragraphs at vertical gaps', async () => {
    fake = await startFakeTextract([
      [
        textractLine('BELLA PIZZA - PRICE LIST', 1, 0.05),
        textractLine('Margherita pizza 9.50', 1, 0.2),
        textractLine('Tiramisu 5.50', 1, 0.225),
      ],
    ]);
    const extraction = await engine(fake.url).read({
      kind: 'jpg',
      bytes: new Uint8Array(),
      filename: 'menu.jpg',
      objectKey: 'tenants/t1/documents/d1/menu.jpg',
    });

    expect(fake.calls).toEqual([
      {
        operation: 'DetectDocumentText',
        body: {
          Document: { S3Object: { Bucket: 'uploads-bucket', Name: 'tenants/t1/documents/d1/menu.jpg' } },
        },
      },
    ]);
    expect(extraction.blocks).toEqual([
      { kind: 'page', number: 1 },
      { kind: 'paragraph', text: 'BELLA PIZZA - PRICE LIST' },
      { kind: 'paragraph', text: 'Margherita pizza 9.50 Tiramisu 5.50' },
    ]);
  });

  it('sends a HEIC photo as a JPEG converted in the extraction sandbox (Textract reads no HEIC)', async () => {
    fake = await startFakeTextract([[textractLine('Margherita pizza 9.50', 1, 0.2)]]);
    const sandbox = createExtractionSandbox(DEFAULT_EXTRACTION_LIMITS);
    try {
      const extraction = await engine(fake.url, 20, sandbox).read({
        kind: 'heic',
        bytes: HEIC,
        filename: 'menu.heic',
        objectKey: 'tenants/t1/documents/d3/menu.heic',
      });

      expect(extraction.blocks).toEqual([
        { kind: 'page', number: 1 },
        { kind: 'paragraph', text: 'Margherita pizza 9.50' },
      ]);
      expect(fake.calls.map((c) => c.operation)).toEqual(['DetectDocumentText']);
      const sent = Buffer.from(
        (fake.calls[0]!.body as { Document: { Bytes: string } }).Document.Bytes,
        'base64',
      );
      const decoded = jpeg.decode(sent);
      expect([decoded.width, decoded.height]).toEqual([1000, 420]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('refuses a HEIC photo whose pixels would pass the bytes a file may expand to, before decoding it', async () => {
    fake = await startFakeTextract([[textractLine('Margherita pizza 9.50', 1, 0.2)]]);
    // 1000 x 420 pixels are 1.7 MB decoded; this sandbox lets a file expand to 1 MB.
    const sandbox = createExtractionSandbox({ ...DEFAULT_EXTRACTION_LIMITS, maxInflatedBytes: 1_000_000 });
    try {
      await expect(
        engine(fake.url, 20, sandbox).read({
          kind: 'heic',
          bytes: HEIC,
          filename: 'menu.heic',
          objectKey: 'k',
        }),
      ).rejects.toMatchObject({
        code: 'too-complex',
        message: expect.stringMatching(/"menu.heic" is a 1000x420 photo, more than 0\.2 megapixels.*JPEG/),
      });
      expect(fake.calls).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('reads a multi-page scanned PDF with the asynchronous job, polling and following NextToken', async () => {
    fake = await startFakeTextract([
      [textractLine('Pizzas', 1, 0.1), textractLine('Margherita 9.50', 1, 0.13)],
      [textractLine('Desserts', 2, 0.1), textractLine('Tiramisu 5.50', 2, 0.13)],
    ]);
    const extraction = await engine(fake.url).read({
      kind: 'pdf',
      bytes: new Uint8Array(),
      filename: 'menu.pdf',
      objectKey: 'tenants/t1/documents/d2/menu.pdf',
    });

    expect(fake.calls.map((c) => c.operation)).toEqual([
      'StartDocumentTextDetection',
      'GetDocumentTextDetection',
      'GetDocumentTextDetection',
      'GetDocumentTextDetection',
    ]);
    expect(fake.calls[0]!.body).toEqual({
      DocumentLocation: { S3Object: { Bucket: 'uploads-bucket', Name: 'tenants/t1/documents/d2/menu.pdf' } },
    });
    expect(extraction.pages).toBe(2);
    expect(extraction.blocks).toEqual([
      { kind: 'page', number: 1 },
      { kind: 'paragraph', text: 'Pizzas Margherita 9.50' },
      { kind: 'page', number: 2 },
      { kind: 'paragraph', text: 'Desserts Tiramisu 5.50' },
    ]);
  });

  it('fails a scan Textract is unsure of as too blurry, and a longer scan than the page limit', async () => {
    fake = await startFakeTextract([[textractLine('Marg3r1ta 9.?0', 1, 0.1, 31)]]);
    await expect(
      engine(fake.url).read({ kind: 'png', bytes: new Uint8Array(), filename: 'menu.png', objectKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'too-blurry',
      message: expect.stringMatching(/too blurry.*31%.*sharper/),
    });
    await fake.close();

    fake = await startFakeTextract([[textractLine('a', 1, 0.1)], [textractLine('b', 2, 0.1)]]);
    await expect(
      engine(fake.url, 1).read({
        kind: 'pdf',
        bytes: new Uint8Array(),
        filename: 'long.pdf',
        objectKey: 'k',
      }),
    ).rejects.toMatchObject({ code: 'too-long' });
  });
});
