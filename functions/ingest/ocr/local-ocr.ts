import type { Extraction } from '../blocks.js';
import type { DocumentKind } from '../document-types.js';
import { decodeHeic } from './decode-heic.js';
import { halve, type Pixels, toPgm } from './pixels.js';
import { rasterisePdf } from './rasterise-pdf.js';
import { type RecognisedPage, recognisedExtraction } from './recognised-text.js';
import { recogniseImage } from './tesseract-ocr.js';

/**
 * Above this a decoded photo is halved before Tesseract reads it: a 12 MP photo holds a menu's
 * text with room to spare, and Tesseract's memory grows with every pixel (a 48 MP photo would
 * need several hundred MB more for nothing).
 */
export const MAX_OCR_PIXELS = 16_000_000;

/**
 * OCR on this machine, inside the extraction worker thread (so under its time and memory
 * limits): a photo is read as it is (a HEIC photo decoded first, its pixels counted against the
 * bytes a file may expand to); a scanned PDF is rendered page by page and each page read.
 */
export const ocrLocally = async (
  kind: DocumentKind,
  bytes: Uint8Array,
  filename: string,
  { maxPages, maxDecodedBytes }: { maxPages: number; maxDecodedBytes: number },
): Promise<Extraction> => {
  const pages: RecognisedPage[] = [];
  if (kind === 'pdf') {
    let bilevel = true;
    for await (const page of rasterisePdf(bytes, filename, maxPages)) {
      pages.push(await recogniseImage(page.image));
      bilevel &&= page.bilevel;
    }
    return recognisedExtraction(pages, filename, { bilevel });
  }
  if (kind === 'heic') {
    pages.push(
      await recogniseImage(toPgm(atMost(await decodeHeic(bytes, filename, maxDecodedBytes), MAX_OCR_PIXELS))),
    );
  } else {
    pages.push(await recogniseImage(bytes));
  }
  return recognisedExtraction(pages, filename);
};

const atMost = (pixels: Pixels, maxPixels: number): Pixels => {
  let image = pixels;
  while (image.width * image.height > maxPixels) image = halve(image);
  return image;
};
