import type { Block, Extraction } from '../blocks.js';
import { DocumentRejectedError } from '../errors.js';

/** One line an OCR engine read, with its confidence in percent (0-100). */
export interface RecognisedLine {
  text: string;
  confidence: number;
}

/** Lines a page gave, in reading order; a blank line between two lines marks a new paragraph. */
export type RecognisedPage = RecognisedLine[];

/**
 * Below this mean confidence (per character) the text is mostly guesses: a wrong price is worse
 * than none, so the document fails and the owner is asked for a sharper scan or photo. The same
 * floor holds for black-and-white scans (faxes), though they cannot be blurry: coarse 1-bit
 * letters are misread with confidence (boxed labels 13 pixels high, drawn 4 times larger on the
 * page, read "Pizza 8.50" for 9.50 and "Pasta 5.00" for 8.00 at 61%), so only the reason differs.
 */
export const MIN_MEAN_CONFIDENCE = 60;

/** Fewer characters than this across the document is no menu or price list: nothing was found. */
const MIN_CHARACTERS = 8;

/**
 * Turns what an OCR engine (Textract or Tesseract) read into blocks, one paragraph per run of
 * lines, with the reasons a person can act on: no text found, or too blurry (for a black-and-white
 * scan: too coarse) to trust. `bilevel`: every page is a 1-bit scan.
 */
export const recognisedExtraction = (
  pages: readonly RecognisedPage[],
  filename: string,
  scan: { bilevel?: boolean } = {},
): Extraction => {
  const lines = pages.flat().filter((line) => line.text.trim());
  const characters = lines.reduce((sum, line) => sum + line.text.trim().length, 0);
  if (characters < MIN_CHARACTERS) {
    throw new DocumentRejectedError(
      'no-text-found',
      `No text was found in "${filename}". If it is a menu or price list, photograph or scan it flat, in good light, with the text filling the frame, and upload it again`,
    );
  }
  const mean =
    lines.reduce((sum, line) => sum + line.confidence * line.text.trim().length, 0) / Math.max(1, characters);
  if (scan.bilevel && mean < MIN_MEAN_CONFIDENCE) {
    throw new DocumentRejectedError(
      'unclear-scan',
      `"${filename}" could not be read reliably (only ${Math.round(mean)}% sure of its text): it is a black-and-white scan too coarse to read. Scan it again at 300 dpi, in greyscale or colour if the scanner offers it, and upload it again`,
    );
  }
  if (mean < MIN_MEAN_CONFIDENCE) {
    throw new DocumentRejectedError(
      'too-blurry',
      `"${filename}" is too blurry to read reliably (only ${Math.round(mean)}% sure of its text). Take a sharper photo or scan (hold still, good light, text filling the frame) and upload it again`,
    );
  }
  const blocks: Block[] = [];
  for (const [index, page] of pages.entries()) {
    blocks.push({ kind: 'page', number: index + 1 });
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      paragraph = [];
    };
    for (const line of page) {
      const text = line.text.replace(/\s+/g, ' ').trim();
      if (text) paragraph.push(text);
      else flush();
    }
    flush();
  }
  return { blocks, pages: pages.length };
};
