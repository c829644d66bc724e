import type { Extraction } from '../blocks.js';
import type { DocumentKind } from '../document-types.js';
import { rasterisePdf } from './rasterise-pdf.js';
import { type RecognisedPage, recognisedExtraction } from './recognised-text.js';
import { recogniseImage } from './tesseract-ocr.js';

/**
 * OCR on this machine, inside the extraction worker thread (so under its time and memory
 * limits): a photo is read as it is; a scanned PDF is rendered page by page and each page read.
 */
export const ocrLocally = async (
  kind: DocumentKind,
  bytes: Uint8Array,
  filename: string,
  maxPages: number,
): Promise<Extraction> => {
  const pages: RecognisedPage[] = [];
  if (kind === 'pdf') {
    for await (const image of rasterisePdf(bytes, filename, maxPages))
      pages.push(await recogniseImage(image));
  } else {
    pages.push(await recogniseImage(bytes));
  }
  return recognisedExtraction(pages, filename);
};
