/** A decoded photo: 8-bit RGBA, row by row from the top. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** Luma from RGB with integer weights (BT.601: 0.299, 0.587, 0.114 in 256ths). */
const luma = (data: Pixels['data'], i: number) =>
  (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;

/**
 * The photo as a binary PGM (8-bit grey): an image format Tesseract's Leptonica reads with no
 * codec, written in one pass. OCR reads grey anyway, so colour would only cost memory.
 */
export const toPgm = ({ width, height, data }: Pixels): Uint8Array => {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + width * height);
  pgm.set(header);
  for (let pixel = 0, out = header.length; pixel < width * height; pixel++, out++)
    pgm[out] = luma(data, pixel * 4);
  return pgm;
};

/**
 * Half the width and height, each new pixel the mean of four: a fast, alias-free way to bring a
 * large photo under a size limit (text photographed at 12 MP survives it well).
 */
export const halve = ({ width, height, data }: Pixels): Pixels => {
  const w = Math.max(1, width >> 1);
  const h = Math.max(1, height >> 1);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const top = Math.min(2 * y, height - 1) * width;
    const bottom = Math.min(2 * y + 1, height - 1) * width;
    for (let x = 0; x < w; x++) {
      const left = Math.min(2 * x, width - 1);
      const right = Math.min(2 * x + 1, width - 1);
      for (let channel = 0; channel < 4; channel++) {
        out[(y * w + x) * 4 + channel] =
          (data[(top + left) * 4 + channel]! +
            data[(top + right) * 4 + channel]! +
            data[(bottom + left) * 4 + channel]! +
            data[(bottom + right) * 4 + channel]! +
            2) >>
          2;
      }
    }
  }
  return { width: w, height: h, data: out };
};
