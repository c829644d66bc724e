import type { Extraction } from '../blocks.js';
import type { DocumentKind } from '../document-types.js';
import type { DocumentExtractor } from '../extraction-sandbox.js';

/** Reads photos and scanned PDFs: Amazon Textract in AWS, an embedded engine locally. */
export interface OcrEngine {
  readonly name: string;
  read(input: {
    kind: DocumentKind;
    bytes: Uint8Array;
    filename: string;
    objectKey: string;
  }): Promise<Extraction>;
}

export interface OcrLimits {
  /** Scanned pages read per document; a longer scan fails with the count. */
  maxPages: number;
  /** Wall time for one document's OCR. */
  timeoutMs: number;
}

/**
 * Tesseract (tesseract.js with its English model from npm) inside the extraction sandbox's worker
 * thread: the same memory limits as every other file, with OCR's own wall time.
 */
export const createLocalOcr = (
  extractor: Pick<DocumentExtractor, 'extract'>,
  limits: OcrLimits,
): OcrEngine => ({
  name: 'tesseract',
  read: ({ kind, bytes, filename }) => extractor.extract(kind, bytes, filename, { ocr: limits }),
});
