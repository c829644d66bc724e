import { describe, expect, it } from 'vitest';
import type { Block } from '../../functions/ingest/blocks.js';
import { chunkBlocks } from '../../functions/ingest/chunker.js';
import { assertContentMatches, declaredKind, safeFilename } from '../../functions/ingest/document-types.js';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import { extractDocument } from '../../functions/ingest/extract.js';
import {
  makeDocx,
  makeImageOnlyPdf,
  makePasswordProtectedPdf,
  makePdf,
} from '../../tools/fixtures/document-fixtures.js';
import { makeZip } from '../support/zip-writer.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const texts = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'page' ? [] : [`${b.kind}: ${b.text}`]));

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentRejectedError);
  return error as DocumentRejectedError;
};

describe('extractDocument', () => {
  it('reads a PDF page by page into paragraphs', async () => {
    // Prepare
    const pdf = await makePdf([['First page paragraph.', 'Second paragraph here.'], ['Page two text.']]);

    // Act
    const { blocks, pages } = await extractDocument('pdf', pdf, 'menu.pdf');

    // Assess
    expect(pages).toBe(2);
    expect(texts(blocks)).toEqual([
      'paragraph: First page paragraph.',
      'paragraph: Second paragraph here.',
      'paragraph: Page two text.',
    ]);
  });

  it('finds PDF headings by font size and keeps them above their text in chunks', async () => {
    // Prepare
    const pdf = await makePdf([
      [
        '# Opening hours',
        'We open at noon every day of the week.',
        '# Parking',
        'Park behind the building for free.',
      ],
    ]);

    // Act
    const { blocks } = await extractDocument('pdf', pdf, 'info.pdf');

    // Assess
    expect(texts(blocks)).toEqual([
      'heading: Opening hours',
      'paragraph: We open at noon every day of the week.',
      'heading: Parking',
      'paragraph: Park behind the building for free.',
    ]);
    expect(chunkBlocks(blocks)).toEqual([
      'Opening hours\nWe open at noon every day of the week.',
      'Parking\nPark behind the building for free.',
    ]);
  });

  it('refuses image-only, damaged and password-protected PDFs, each with its own reason', async () => {
    const scanned = await rejection(extractDocument('pdf', await makeImageOnlyPdf(), 'scan.pdf'));
    const damaged = await rejection(extractDocument('pdf', bytesOf('%PDF-1.4 garbage'), 'bad.pdf'));
    const locked = await rejection(extractDocument('pdf', makePasswordProtectedPdf(), 'locked.pdf'));
    expect(scanned.code).toBe('no-text-layer');
    expect(damaged.code).toBe('corrupt');
    expect(locked.code).toBe('password-protected');
    expect(locked.message).toMatch(/remove the password/);
  });

  it('reads DOCX headings, paragraphs and table rows with their headers', async () => {
    // Prepare
    const docx = await makeDocx({
      title: 'Prices',
      paragraphs: ['All prices include tax.'],
      table: [
        ['Service', 'Price'],
        ['Cleaning', '80 dollars'],
      ],
    });

    // Act
    const { blocks } = await extractDocument('docx', docx, 'prices.docx');

    // Assess
    expect(texts(blocks)).toEqual([
      'heading: Prices',
      'paragraph: All prices include tax.',
      'row: Service; Price',
      'row: Cleaning; 80 dollars',
    ]);
  });

  it('refuses a DOCX that would inflate far beyond its size (decompression bomb)', async () => {
    // Prepare: 64 MB of spaces deflate to about 64 KB.
    const bomb = makeZip({ 'word/document.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) });

    // Act
    const error = await rejection(extractDocument('docx', bomb, 'bomb.docx'));

    // Assess
    expect(error.code).toBe('decompression-bomb');
    expect(error.message).toMatch(
      /expands to more than \d+ MB when opened; it may be damaged or a decompression bomb/,
    );
  });

  it('refuses a ZIP renamed .docx and an encrypted (OLE) Word file', async () => {
    const zip = await rejection(extractDocument('docx', makeZip({ 'hello.txt': 'hi' }), 'hello.docx'));
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const encrypted = await rejection(extractDocument('docx', ole, 'secret.docx'));
    expect(zip.code).toBe('wrong-type');
    expect(encrypted.code).toBe('password-protected');
  });

  it('refuses binary content behind a text extension and empty files', async () => {
    const pdfAsText = await rejection(extractDocument('txt', bytesOf('%PDF-1.4 ...'), 'notes.txt'));
    const empty = await rejection(extractDocument('txt', new Uint8Array(), 'empty.txt'));
    expect(pdfAsText.code).toBe('wrong-type');
    expect(empty.code).toBe('empty');
  });

  it('keeps the main content of an HTML page and drops its navigation', async () => {
    // Prepare
    const article = Array.from(
      { length: 8 },
      (_, i) => `<p>Paragraph ${i} about our fresh pasta, made daily in the kitchen by hand.</p>`,
    ).join('');
    const html = `<html><head><title>Our pasta</title></head><body>
      <nav><a href="/">Home</a> <a href="/login">Login</a></nav>
      <article><h1>Our pasta</h1>${article}</article>
      <footer>Copyright 2024 All rights reserved</footer></body></html>`;

    // Act
    const { blocks } = await extractDocument('html', bytesOf(html), 'pasta.html');

    // Assess
    const all = texts(blocks).join('\n');
    expect(all).toContain('Paragraph 7 about our fresh pasta');
    expect(all).not.toContain('Login');
    expect(all).not.toContain('Copyright 2024');
  });

  it('reads CSV rows with their headers, and Windows-1252 text', async () => {
    // Prepare
    const csv = Buffer.from('Dish;Price\r\nCrème brûlée;7\r\nTiramisu;6\r\n', 'latin1');

    // Act
    const { blocks } = await extractDocument('csv', new Uint8Array(csv), 'desserts.csv');

    // Assess
    expect(texts(blocks)).toEqual(['row: Dish: Crème brûlée; Price: 7', 'row: Dish: Tiramisu; Price: 6']);
  });

  it('reads JSON arrays of objects as rows and nested objects as paths', async () => {
    // Prepare
    const json = JSON.stringify({
      name: 'Bella',
      menu: [{ dish: 'Pizza', price: 9 }],
      hours: { mon: '9-5' },
    });

    // Act
    const { blocks } = await extractDocument('json', bytesOf(json), 'data.json');

    // Assess
    expect(texts(blocks)).toEqual([
      'paragraph: name: Bella',
      'heading: menu',
      'row: menu: dish: Pizza; price: 9',
      'heading: hours',
      'paragraph: hours.mon: 9-5',
    ]);
  });

  it('refuses invalid JSON as corrupt', async () => {
    expect((await rejection(extractDocument('json', bytesOf('{"a": '), 'x.json'))).code).toBe('corrupt');
  });

  it('reads Markdown headings, lists and tables', async () => {
    // Prepare
    const md =
      '# Hours\n\nWe open **daily**.\n\n- Mon: 9-5\n\n| Day | Open |\n| --- | --- |\n| Sun | 12-3 |\n';

    // Act
    const { blocks } = await extractDocument('md', bytesOf(md), 'hours.md');

    // Assess
    expect(texts(blocks)).toEqual([
      'heading: Hours',
      'paragraph: We open daily.',
      'paragraph: Mon: 9-5',
      'row: Day: Sun; Open: 12-3',
    ]);
  });
});

describe('declared types and filenames', () => {
  it('accepts Markdown sent as text/plain, and refuses a mismatch or an unknown type', () => {
    expect(declaredKind('notes.md', 'text/plain')).toBe('md');
    expect(declaredKind('menu.pdf', undefined)).toBe('pdf');
    expect(() => declaredKind('menu.pdf', 'text/html')).toThrow(DocumentRejectedError);
    expect(() => declaredKind('setup.exe', 'application/octet-stream')).toThrow(/not a supported format/);
  });

  it('takes iPhone photos as HEIC by extension or either content type, and checks their ftyp box', () => {
    expect(declaredKind('IMG_0042.HEIC', undefined)).toBe('heic');
    expect(declaredKind('menu.heif', 'image/heif')).toBe('heic');
    expect(declaredKind('menu.heic', 'image/heic')).toBe('heic');
    expect(() => declaredKind('menu.heic', 'image/png')).toThrow(/not a supported format/);
    const heif = (brand: string) =>
      new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode(`ftyp${brand}`), 0, 0, 0, 0]);
    expect(() => assertContentMatches('heic', heif('heic'), 'a.heic')).not.toThrow();
    expect(() => assertContentMatches('heic', heif('mif1'), 'a.heic')).not.toThrow();
    expect(() => assertContentMatches('heic', heif('avif'), 'a.heic')).toThrow(/is not a HEIC photo/);
    expect(() => assertContentMatches('heic', new Uint8Array([0xff, 0xd8, 0xff, 0]), 'a.heic')).toThrow(
      /named like a HEIC photo/,
    );
  });

  it('makes filenames safe for object keys', () => {
    expect(safeFilename('../../Menú del día (2024).pdf')).toBe('Menu-del-dia-2024.pdf');
    expect(safeFilename('...')).toBe('document');
  });
});

describe('running headers and footers', () => {
  it('are dropped from a PDF when they recur on most pages, page numbers and all', async () => {
    // Prepare
    const pages = [
      'Pizzas are baked in a wood oven.',
      'Pasta is made fresh daily.',
      'Desserts change weekly.',
    ].map((body, i) => ['Bella Pizza - Menu 2024', body, `Page ${i + 1} of 3`]);
    const pdf = await makePdf(pages);

    // Act
    const { blocks } = await extractDocument('pdf', pdf, 'menu.pdf');

    // Assess
    const all = texts(blocks).join('\n');
    expect(all).toContain('Pasta is made fresh daily.');
    expect(all).not.toContain('Bella Pizza - Menu 2024');
    expect(all).not.toMatch(/Page \d of 3/);
  });

  it('are kept in short documents, where a repeat proves nothing', async () => {
    const { blocks } = await extractDocument(
      'pdf',
      await makePdf([
        ['Title', 'One'],
        ['Title', 'Two'],
      ]),
      'x.pdf',
    );
    expect(texts(blocks).filter((t) => t.includes('Title'))).toHaveLength(2);
  });
});
