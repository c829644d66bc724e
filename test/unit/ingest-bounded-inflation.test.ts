import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import { extractDocument } from '../../functions/ingest/extract.js';
import { InflateBudget, InflateBudgetExceededError } from '../../functions/ingest/inflate-budget.js';
import {
  ascii85Decode,
  asciiHexDecode,
  lzwDecode,
  runLengthDecode,
} from '../../functions/ingest/pdf-filters.js';
import { loadConfig } from '../../functions/platform/config.js';
import {
  honestHighRatioDocx,
  lyingDocxBomb,
  pdfFlateBomb,
  pdfWithStream,
  repeatedByteZlib,
} from '../../tools/fixtures/bombs.js';
import { makeDocx } from '../../tools/fixtures/document-fixtures.js';

const MiB = 1024 * 1024;
const LIMIT = 32 * MiB;
const BOMB_MESSAGE = /expands to more than 32 MB when opened; it may be damaged or a decompression bomb/;

const rejection = async (work: Promise<unknown>): Promise<DocumentRejectedError> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof DocumentRejectedError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};

/** Times a refusal: bombs must be refused in well under a second, not after inflating. */
const timedRejection = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  const error = await rejection(work());
  return { error, ms: performance.now() - started };
};

describe('extraction limits as settings', () => {
  it('defaults to four times the upload limit, at most 256 MiB, 60 s, 512 MB heap', () => {
    expect(loadConfig({}).ingest.extraction).toEqual({
      maxInflatedBytes: 100 * MiB,
      timeoutMs: 60_000,
      maxHeapMb: 512,
      maxMemoryMb: 1024,
    });
    expect(loadConfig({ MAX_UPLOAD_BYTES: String(200 * MiB) }).ingest.extraction.maxInflatedBytes).toBe(
      256 * MiB,
    );
    expect(
      loadConfig({ EXTRACT_MAX_INFLATED_BYTES: '1000', EXTRACT_TIMEOUT_SECONDS: '2.5' }).ingest.extraction,
    ).toMatchObject({ maxInflatedBytes: 1000, timeoutMs: 2500 });
  });
});

describe('DOCX parts inflate within the budget', () => {
  it('refuses a DOCX whose headers declare 1 KB but whose body inflates to 2 GiB', async () => {
    // Prepare
    const bomb = lyingDocxBomb(2048);

    // Act
    const { error, ms } = await timedRejection(() => extractDocument('docx', bomb, 'menu.docx', LIMIT));

    // Assess
    expect(bomb.byteLength).toBeLessThan(3 * MiB);
    expect(error.code).toBe('decompression-bomb');
    expect(error.message).toMatch(BOMB_MESSAGE);
    expect(ms).toBeLessThan(30_000);
  });

  it('refuses an honest DOCX of ratio about 70 whose XML is larger than the budget', async () => {
    // Prepare
    const { docx, ratio } = honestHighRatioDocx(40);

    // Act
    const { error, ms } = await timedRejection(() => extractDocument('docx', docx, 'list.docx', LIMIT));

    // Assess
    expect(ratio).toBeGreaterThan(60);
    expect(error.code).toBe('decompression-bomb');
    expect(error.message).toMatch(BOMB_MESSAGE);
    expect(ms).toBeLessThan(30_000);
  });

  it('reads a real DOCX, pictures never inflated, within a small budget', async () => {
    // Prepare
    const docx = await makeDocx({ title: 'Hours', paragraphs: ['We open at 9.'] });

    // Act
    const { blocks } = await extractDocument('docx', docx, 'hours.docx', 1 * MiB);

    // Assess
    expect(blocks.map((b) => (b.kind === 'page' ? '' : b.text))).toEqual(['Hours', 'We open at 9.']);
  });
});

describe('PDF streams inflate within the budget before pdf.js opens them', () => {
  const spaces = (mebibytes: number) => repeatedByteZlib(mebibytes);

  it('refuses a FlateDecode bomb of 5 GiB in a 5 MB file', async () => {
    // Prepare
    const bomb = pdfFlateBomb(5 * 1024);

    // Act
    const { error, ms } = await timedRejection(() => extractDocument('pdf', bomb, 'menu.pdf', LIMIT));

    // Assess
    expect(bomb.byteLength).toBeLessThan(6 * MiB);
    expect(error.code).toBe('decompression-bomb');
    expect(error.message).toMatch(BOMB_MESSAGE);
    expect(ms).toBeLessThan(30_000);
  });

  const hex = (data: Buffer) => Buffer.from(`${data.toString('hex')}>`);
  it.each([
    ['hex-encoded Flate', '/Filter [/ASCIIHexDecode /FlateDecode]', hex(spaces(64))],
    ['escaped filter name', '/Filter /Fl#61teDecode', spaces(64)],
    ['abbreviated filter name', '/Filter [/Fl]', spaces(64)],
    ['Flate inside Flate', '/Filter [/FlateDecode /FlateDecode]', deflateSync(spaces(64))],
    ['filter chain behind a reference', '/Filter 6 0 R', hex(spaces(64))],
    ['no filter named at all', '', spaces(64)],
  ])('refuses a bomb wrapped as %s', async (_name, dictionary, data) => {
    // Prepare: object 6 is the chain the reference case points at.
    const pdf = pdfWithStream({ dictionary, data }, ['[/ASCIIHexDecode /FlateDecode]']);

    // Act
    const error = await rejection(extractDocument('pdf', pdf, 'menu.pdf', LIMIT));

    // Assess
    expect(error.code).toBe('decompression-bomb');
  });

  it('reads a PDF whose streams stay within the budget', async () => {
    // Prepare
    const pdf = pdfWithStream({ dictionary: '/Filter /FlateDecode', data: spaces(8) });

    // Act
    const { blocks } = await extractDocument('pdf', pdf, 'hours.pdf', LIMIT);

    // Assess
    expect(blocks).toContainEqual({ kind: 'paragraph', text: 'Opening hours: 9 to 5.' });
  });
});

describe("PDF's other filters, as the budget follows them", () => {
  it('decodes ASCIIHex and ASCII85 as pdf.js does', () => {
    const budget = new InflateBudget(MiB);
    expect(Buffer.from(asciiHexDecode(Buffer.from('48 65 6c6C6f>ignored'))).toString()).toBe('Hello');
    expect(Buffer.from(ascii85Decode(Buffer.from('87cURD]i,"Ebo80~>'), budget)).toString()).toBe(
      'Hello World!',
    );
    expect(ascii85Decode(Buffer.from('z~>'), budget)).toEqual(new Uint8Array(4));
  });

  it('decodes RunLength and charges what it expands to', () => {
    // Prepare: 3 literal bytes, then "x" repeated 128 times, then end of data.
    const data = Uint8Array.from([2, 0x61, 0x62, 0x63, 129, 0x78, 128]);

    // Act
    const decoded = Buffer.from(runLengthDecode(data, new InflateBudget(MiB))).toString();

    // Assess
    expect(decoded).toBe(`abc${'x'.repeat(128)}`);
    expect(() => runLengthDecode(data, new InflateBudget(100))).toThrow(InflateBudgetExceededError);
  });

  it('decodes LZW (the example in the PDF reference) and stops a long run at the budget', () => {
    // Prepare: PDF 32000-1 7.4.4.2's example, 45 45 45 45 45 65 45 45 45 66.
    const example = Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    // A run of one byte in LZW: each code is one longer than the last.
    const run = lzwRunOf(0x20, 2000);

    // Act
    const decoded = [...lzwDecode(example, new InflateBudget(MiB))];

    // Assess
    expect(decoded).toEqual([45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
    expect(lzwDecode(run.codes, new InflateBudget(run.length)).byteLength).toBe(run.length);
    expect(() => lzwDecode(run.codes, new InflateBudget(run.length - 1))).toThrow(InflateBudgetExceededError);
  });
});

/** LZW codes for `count` codes of a run of `byte` (code k is k+1 bytes long), with lengths. */
function lzwRunOf(byte: number, count: number): { codes: Uint8Array; length: number } {
  const codes = [256, byte];
  let length = 1;
  for (let k = 1; k < count && 257 + k < 4096; k++) {
    codes.push(257 + k);
    length += k + 1;
  }
  codes.push(257);
  let bits = '';
  let next = 258;
  let width = 9;
  for (const [i, code] of codes.entries()) {
    bits += code.toString(2).padStart(width, '0');
    if (code === 256) {
      next = 258;
      width = 9;
      continue;
    }
    if (i > 1) next++;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  return {
    codes: Uint8Array.from(bits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2))),
    length,
  };
}
