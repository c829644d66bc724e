import { DEFAULT_EXTRACTION_LIMITS } from '../platform/extraction-limits.js';
import type { Extraction } from './blocks.js';
import { assertContentMatches, type DocumentKind, type ImageKind, isImageKind } from './document-types.js';
import { DocumentRejectedError } from './errors.js';
import { extractDocx } from './extract-docx.js';
import { extractHtmlMainContent } from './extract-html.js';
import { extractPdf } from './extract-pdf.js';
import { decodeText, extractCsv, extractJson, extractMarkdown, extractPlainText } from './extract-text.js';

/**
 * Turns a file's bytes into structured blocks with the extractor for its declared kind, after
 * checking that the bytes really are that kind. Every refusal is a `DocumentRejectedError`
 * whose message tells the owner what to do. Compressed content (DOCX parts, PDF streams) may
 * expand to at most `maxInflatedBytes`; time and memory are bounded by the caller
 * (`extraction-sandbox.ts` runs this in a worker thread).
 */
export async function extractDocument(
  kind: DocumentKind,
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number = DEFAULT_EXTRACTION_LIMITS.maxInflatedBytes,
  /** Read photos and scanned PDFs with the embedded OCR engine, at most this many pages. */
  ocr?: { maxPages: number },
): Promise<Extraction> {
  if (bytes.byteLength === 0) throw emptyFile(filename);
  assertContentMatches(kind, bytes, filename);
  if (isImageKind(kind)) {
    if (!ocr) throw needsOcr(filename);
    return ocrLocally(kind, bytes, filename, { maxPages: ocr.maxPages, maxDecodedBytes: maxInflatedBytes });
  }
  const extraction =
    kind === 'pdf'
      ? await extractPdfOrOcr(bytes, filename, maxInflatedBytes, ocr)
      : { blocks: await extractOther(kind, bytes, filename, maxInflatedBytes), pages: 1 };
  if (!extraction.blocks.some((b) => b.kind !== 'page')) throw emptyFile(filename);
  return extraction;
}

/** A scanned PDF (no text layer) goes to OCR when OCR is on; its streams were already bounded. */
async function extractPdfOrOcr(
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number,
  ocr: { maxPages: number } | undefined,
): Promise<Extraction> {
  try {
    return await extractPdf(bytes, filename, maxInflatedBytes);
  } catch (error) {
    if (!ocr || !(error instanceof DocumentRejectedError) || error.code !== 'no-text-layer') throw error;
    return ocrLocally('pdf', bytes, filename, { maxPages: ocr.maxPages, maxDecodedBytes: maxInflatedBytes });
  }
}

/** tesseract.js and its model load only when a photo or scan arrives. */
const ocrLocally = async (
  kind: DocumentKind,
  bytes: Uint8Array,
  filename: string,
  limits: { maxPages: number; maxDecodedBytes: number },
): Promise<Extraction> => (await import('./ocr/local-ocr.js')).ocrLocally(kind, bytes, filename, limits);

const needsOcr = (filename: string) =>
  new DocumentRejectedError(
    'no-text-layer',
    `"${filename}" is a photo, and reading photos is switched off here; upload the menu as a PDF with selectable text or a DOCX`,
  );

async function extractOther(
  kind: Exclude<DocumentKind, 'pdf' | ImageKind>,
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number,
) {
  if (kind === 'docx') return extractDocx(bytes, filename, maxInflatedBytes);
  const text = decodeText(bytes);
  switch (kind) {
    case 'txt':
      return extractPlainText(text);
    case 'md':
      return extractMarkdown(text);
    case 'html':
      return extractHtmlMainContent(text);
    case 'csv':
      return extractCsv(text, filename);
    case 'json':
      return extractJson(text, filename);
  }
}

const emptyFile = (filename: string) =>
  new DocumentRejectedError('empty', `"${filename}" has no text in it; check you picked the right file`);
