import type { Extraction } from './blocks.js';
import { assertContentMatches, type DocumentKind } from './document-types.js';
import { DocumentRejectedError } from './errors.js';
import { extractDocx } from './extract-docx.js';
import { extractHtmlMainContent } from './extract-html.js';
import { extractPdf } from './extract-pdf.js';
import { decodeText, extractCsv, extractJson, extractMarkdown, extractPlainText } from './extract-text.js';
import { DEFAULT_EXTRACTION_LIMITS } from './extraction-limits.js';

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
): Promise<Extraction> {
  if (bytes.byteLength === 0) throw emptyFile(filename);
  assertContentMatches(kind, bytes, filename);
  const extraction =
    kind === 'pdf'
      ? await extractPdf(bytes, filename, maxInflatedBytes)
      : { blocks: await extractOther(kind, bytes, filename, maxInflatedBytes), pages: 1 };
  if (!extraction.blocks.some((b) => b.kind !== 'page')) throw emptyFile(filename);
  return extraction;
}

async function extractOther(
  kind: Exclude<DocumentKind, 'pdf'>,
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
