import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extraction } from '../../functions/ingest/blocks.js';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import {
  createExtractionSandbox,
  type DocumentExtractor,
} from '../../functions/ingest/extraction-sandbox.js';
import type { ExtractionLimits } from '../../functions/platform/extraction-limits.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { honestHighRatioDocx, lyingDocxBomb, pdfFlateBomb } from '../../tools/fixtures/bombs.js';
import { makePdf } from '../../tools/fixtures/document-fixtures.js';
import { createTenantClient, uploadToPresignedPost } from '../support/admin-client.js';
import { startTestStack } from '../support/local-stack.js';

const MiB = 1024 * 1024;
const LIMITS: ExtractionLimits = {
  maxInflatedBytes: 32 * MiB,
  timeoutMs: 30_000,
  maxHeapMb: 128,
  maxMemoryMb: 1024,
};
let menu: Uint8Array;
const sandboxes: DocumentExtractor[] = [];

beforeAll(async () => {
  menu = await makePdf([['Opening hours: 9am to 5pm.']]);
});
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
});

const sandboxWith = (limits: Partial<ExtractionLimits> = {}) => {
  const sandbox = createExtractionSandbox({ ...LIMITS, ...limits });
  sandboxes.push(sandbox);
  return sandbox;
};

const textOf = (extraction: Extraction) =>
  extraction.blocks.flatMap((b) => (b.kind === 'page' ? [] : [b.text])).join(' ');

/** The refusal and how long it took, or a failure if the extraction succeeded. */
const timedRefusal = async (work: Promise<unknown>) => {
  const started = performance.now();
  try {
    await work;
  } catch (error) {
    if (error instanceof DocumentRejectedError)
      return { error, seconds: (performance.now() - started) / 1000 };
    throw error;
  }
  throw new Error('expected the extraction to be refused');
};

describe('the extraction sandbox (a worker thread under limits)', () => {
  it.each([
    ['a DOCX declaring 1 KB that inflates to 2 GiB', 'docx', () => lyingDocxBomb(2048)],
    ['an honest DOCX of ratio 70 with 40 MB of XML', 'docx', () => honestHighRatioDocx(40).docx],
    ['a PDF with a 5 GiB FlateDecode stream', 'pdf', () => pdfFlateBomb(5 * 1024)],
  ] as const)('refuses %s within seconds, then reads the next document', async (_name, kind, build) => {
    // Prepare
    const sandbox = sandboxWith();
    await sandbox.extract('pdf', menu, 'warm-up.pdf');

    // Act
    const { error, seconds } = await timedRefusal(sandbox.extract(kind, build(), `bomb.${kind}`));
    const next = await sandbox.extract('pdf', menu, 'menu.pdf');

    // Assess
    expect(error.code).toBe('decompression-bomb');
    expect(error.message).toMatch(
      new RegExp(
        `^"bomb.${kind}" expands to more than 32 MB when opened; it may be damaged or a decompression bomb`,
      ),
    );
    expect(seconds).toBeLessThan(60);
    expect(textOf(next)).toBe('Opening hours: 9am to 5pm.');
  });

  it('stops a thread that runs out of heap and starts a fresh one', async () => {
    // Prepare: 6 MB of Word XML is within the inflation budget, but mammoth needs far more
    // than a 64 MB heap for it.
    const sandbox = sandboxWith({ maxHeapMb: 64 });
    const { docx } = honestHighRatioDocx(6);

    // Act
    const { error, seconds } = await timedRefusal(sandbox.extract('docx', docx, 'catalogue.docx'));
    const next = await sandbox.extract('pdf', menu, 'menu.pdf');

    // Assess
    expect(error.code).toBe('too-complex');
    expect(error.message).toMatch(/^"catalogue.docx" needs more than 64 MB of memory to open/);
    expect(seconds).toBeLessThan(120);
    expect(textOf(next)).toBe('Opening hours: 9am to 5pm.');
  });

  it('stops a thread past its wall time', async () => {
    // Prepare: mammoth takes several seconds over 10 MB of XML.
    const sandbox = sandboxWith({ timeoutMs: 2000, maxHeapMb: 1024, maxMemoryMb: 4096 });
    const { docx } = honestHighRatioDocx(10);

    // Act
    const { error, seconds } = await timedRefusal(sandbox.extract('docx', docx, 'catalogue.docx'));
    const next = await sandbox.extract('pdf', menu, 'menu.pdf');

    // Assess
    expect(error.code).toBe('too-complex');
    expect(error.message).toMatch(/^"catalogue.docx" took longer than 2 seconds to open, so we stopped/);
    expect(seconds).toBeLessThan(60);
    expect(textOf(next)).toBe('Opening hours: 9am to 5pm.');
  });

  it('stops a thread whose buffers grow past the memory limit, which no heap limit sees', async () => {
    // Prepare: an inflation budget far too generous, so only the memory watch stands in the way
    // of 2 GiB of inflated buffers.
    const sandbox = sandboxWith({ maxInflatedBytes: 4096 * MiB, maxMemoryMb: 256 });

    // Act
    const { error, seconds } = await timedRefusal(sandbox.extract('pdf', pdfFlateBomb(2048), 'bomb.pdf'));
    const next = await sandbox.extract('pdf', menu, 'menu.pdf');

    // Assess
    expect(error.code).toBe('too-complex');
    expect(error.message).toMatch(/^"bomb.pdf" needs more than 256 MB of memory to open/);
    expect(seconds).toBeLessThan(60);
    expect(textOf(next)).toBe('Opening hours: 9am to 5pm.');
  });
});

describe('the local stack after bomb uploads', () => {
  let stack: LocalStack;
  let owner: Awaited<ReturnType<typeof createTenantClient>>;

  beforeAll(async () => {
    stack = await startTestStack({ env: { EXTRACT_MAX_INFLATED_BYTES: String(32 * MiB) } });
    owner = await createTenantClient(stack, 'Bomb Bakery');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const upload = async (filename: string, bytes: Uint8Array) => {
    const created = await owner.call('POST', '/v1/documents', { filename, size: bytes.byteLength });
    await uploadToPresignedPost(created.json.upload, bytes, filename);
    await stack.idle();
    return (await owner.call('GET', `/v1/documents/${created.json.documentId}`)).json;
  };

  it('marks each bomb failed with its reason and keeps serving the next document', async () => {
    // Act
    const docxBomb = await upload('menu.docx', lyingDocxBomb(2048));
    const pdfBomb = await upload('menu.pdf', pdfFlateBomb(2048));
    const real = await upload('hours.pdf', menu);
    const health = await fetch(`${stack.url}/health`);

    // Assess
    expect(docxBomb).toMatchObject({ status: 'failed', chunks: 0 });
    expect(docxBomb.reason).toMatch(/^"menu.docx" expands to more than 32 MB when opened/);
    expect(pdfBomb).toMatchObject({ status: 'failed', chunks: 0 });
    expect(pdfBomb.reason).toMatch(/^"menu.pdf" expands to more than 32 MB when opened/);
    expect(real).toMatchObject({ status: 'ready', chunks: 1 });
    expect(health.status).toBe(200);
    expect(stack.deadLetters.list()).toEqual([]);
  }, 60_000);
});
