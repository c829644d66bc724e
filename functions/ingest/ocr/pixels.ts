/** A decoded photo or rendered page: 8-bit RGBA, row by row from the top. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** The same image in 8-bit grey, one byte a pixel: what OCR reads. */
export interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Luma from RGB with integer weights (BT.601: 0.299, 0.587, 0.114 in 256ths). */
export const toGrey = ({ width, height, data }: Pixels): Grey => {
  const grey = new Uint8Array(width * height);
  for (let pixel = 0, i = 0; pixel < grey.length; pixel++, i += 4)
    grey[pixel] = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
  return { width, height, data: grey };
};

/**
 * A grey image as a binary PGM: a format Tesseract's Leptonica reads with no codec, written
 * with no encoding work (a PNG of a page costs more to compress than to read).
 */
export const greyPgm = ({ width, height, data }: Grey): Uint8Array => {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + data.length);
  pgm.set(header);
  pgm.set(data, header.length);
  return pgm;
};

export const toPgm = (pixels: Pixels): Uint8Array => greyPgm(toGrey(pixels));

/** Darker than this (of 255) is ink, lighter is paper. */
export const INK_BELOW = 128;

/** Ink black, everything else white: the two levels a black-and-white scanner saw. */
export const inkAndPaper = ({ width, height, data }: Grey): Grey => ({
  width,
  height,
  data: data.map((level) => (level < INK_BELOW ? 0 : 255)),
});

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
