import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKind } from '../../functions/ingest/document-types.js';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import { extractDocument } from '../../functions/ingest/extract.js';
import { makeDocx, makePdf } from '../../tools/fixtures/document-fixtures.js';

/**
 * Self-made broken files (truncated, bytes flipped, garbage spliced in) through the extractors:
 * each ends in text or a `DocumentRejectedError` with a reason for the owner, within a time
 * limit, with bounded memory. Anything else is a crash.
 */
const RUNS = 100;
const LIMIT_MS = 5000;
const outcomes = { files: 0, extracted: 0, rejected: 0, crashes: 0, hangs: 0 };
const valid: Partial<Record<DocumentKind, Uint8Array>> = {};
const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  valid.pdf = await makePdf([
    ['Opening hours: 7am to 6pm.', 'A loaf costs $6.'],
    ['Page two: parking behind.'],
  ]);
  valid.docx = await makeDocx({
    title: 'Bakery',
    paragraphs: ['Opening hours: 7am to 6pm.', 'A loaf costs $6.'],
  });
  valid.html = text(
    '<html><head><title>Bakery</title></head><body><main><h1>Hours</h1><p>7am to 6pm</p></main></body></html>',
  );
  valid.csv = text('item,price\nloaf,6\n"croissant, butter",3\n');
  valid.json = text('{"hours":"7am to 6pm","items":[{"name":"loaf","price":6}]}');
  valid.md = text('# Hours\n\nWe open at **7am**.\n\n- loaf: $6\n');
  valid.txt = text('We open at 7am and close at 6pm.\n');
});
afterAll(() => {
  console.log(
    `[fuzz] extractors files=${outcomes.files} extracted=${outcomes.extracted} rejected=${outcomes.rejected} crashes=${outcomes.crashes} hangs=${outcomes.hangs}`,
  );
});

/** Breaks a file: cut it short, flip some bytes, or splice garbage in. */
const broken = (original: () => Uint8Array) =>
  fc.oneof(
    fc.nat().map((n) => original().slice(0, n % Math.max(1, original().byteLength))),
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 })
      .map((flips) => {
        const bytes = original().slice();
        for (const [at, value] of flips) bytes[at % bytes.byteLength] = value;
        return bytes;
      }),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 500 })).map(([at, garbage]) => {
      const bytes = original();
      const cut = at % bytes.byteLength;
      return new Uint8Array([...bytes.slice(0, cut), ...garbage, ...bytes.slice(cut)]);
    }),
    fc.uint8Array({ maxLength: 3000 }),
  );

const extractWithin = async (kind: DocumentKind, bytes: Uint8Array) => {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), LIMIT_MS);
  });
  try {
    return await Promise.race([
      extractDocument(kind, bytes, `broken.${kind}`).then(() => 'ok' as const),
      hang,
    ]);
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
  }
};

describe('extractors on broken files', () => {
  for (const kind of ['pdf', 'docx', 'html', 'csv', 'json', 'md', 'txt'] as const) {
    it(`${kind}: text or a clear rejection, never a crash or a hang`, async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      await fc.assert(
        fc.asyncProperty(
          broken(() => valid[kind]!),
          async (bytes) => {
            outcomes.files++;
            const result = await extractWithin(kind, bytes);
            if (result === 'ok') outcomes.extracted++;
            else if (result === 'hang') outcomes.hangs++;
            else if (result instanceof DocumentRejectedError && result.message.length > 10)
              outcomes.rejected++;
            else outcomes.crashes++;
            expect(result === 'ok' || result instanceof DocumentRejectedError, String(result)).toBe(true);
          },
        ),
        { numRuns: RUNS },
      );
      // Bounded memory: a run of broken files does not pile up hundreds of megabytes.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    });
  }
});
