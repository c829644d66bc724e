import { describe, expect, it } from 'vitest';
import { halve, toPgm } from '../../functions/ingest/ocr/pixels.js';

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
