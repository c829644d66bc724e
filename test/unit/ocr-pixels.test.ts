import { describe, expect, it } from 'vitest';
import { halve, toPgm } from '../../functions/ingest/ocr/pixels.js';
import { removeRules } from '../../functions/ingest/ocr/remove-rules.js';

const rgba = (width: number, height: number, pixel: (x: number, y: number) => number[]) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
};

describe('photo pixels for OCR', () => {
  it('writes grey PGM with the header Leptonica reads, luma from RGB', () => {
    const pgm = toPgm(rgba(2, 1, (x) => (x === 0 ? [255, 255, 255, 255] : [255, 0, 0, 255])));

    expect(new TextDecoder().decode(pgm.subarray(0, 11))).toBe('P5\n2 1\n255\n');
    expect([...pgm.subarray(11)]).toEqual([255, 76]);
  });

  it('halves a photo by averaging each 2x2 block (an odd last row or column is dropped)', () => {
    const half = halve(rgba(3, 3, (x, y) => [x * 10 + y, 0, 0, 255]));

    expect([half.width, half.height]).toEqual([1, 1]);
    expect([...half.data]).toEqual([6, 0, 0, 255]);
    expect(halve(rgba(5, 2, () => [9, 9, 9, 9])).width).toBe(2);
  });
});

describe('rules painted out before OCR', () => {
  /** A 100x100 page: paper, with what `ink` marks black. */
  const page = (ink: (x: number, y: number) => boolean) => {
    const data = new Uint8Array(100 * 100).fill(255);
    for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) if (ink(x, y)) data[y * 100 + x] = 0;
    return { width: 100, height: 100, data };
  };
  const inkAt = (grey: { data: Uint8Array }, x: number, y: number) => grey.data[y * 100 + x] === 0;

  it('removes a box drawn round a label, corners too, and keeps the label', () => {
    const box = (x: number, y: number) =>
      (x >= 10 && x <= 80 && (y === 20 || y === 40)) || ((x === 10 || x === 80) && y >= 20 && y <= 40);
    // A letter is shorter than a tenth of the page; a rule is longer.
    const glyph = (x: number, y: number) => x >= 30 && x <= 32 && y >= 26 && y <= 34;
    const cleaned = removeRules(page((x, y) => box(x, y) || glyph(x, y)));

    expect([
      inkAt(cleaned, 50, 20),
      inkAt(cleaned, 10, 30),
      inkAt(cleaned, 10, 20),
      inkAt(cleaned, 80, 40),
    ]).toEqual([false, false, false, false]);
    expect(inkAt(cleaned, 31, 30)).toBe(true);
  });

  it('keeps a dark band that is thicker than a rule (a heading set white on black)', () => {
    const cleaned = removeRules(page((_x, y) => y >= 10 && y < 30));

    expect(inkAt(cleaned, 50, 20)).toBe(true);
  });
});
