import { getDocumentProxy } from 'unpdf';
import type { Block, Extraction } from './blocks.js';
import { DocumentRejectedError } from './errors.js';
import { bodySize, type PdfLine, type PdfTextItem, pageBlocks, pageLines } from './pdf-layout.js';
import { assertPdfStreamsWithinLimit } from './pdf-stream-budget.js';
import { removeRunningLines } from './running-lines.js';

/**
 * Reads a PDF page by page (each page's objects are released before the next is read, so a
 * long document stays within a small memory budget) into paragraphs, found at vertical gaps
 * wider than a line, headings (lines set clearly larger than the body text), without running
 * headers and footers. A PDF that opens but yields no text is image-only: say so, since only OCR
 * or a different export would help. Its streams are first checked to expand no further than
 * `maxInflatedBytes` (pdf.js itself inflates without a limit).
 */
export async function extractPdf(
  bytes: Uint8Array,
  filename: string,
  maxInflatedBytes: number,
): Promise<Extraction> {
  await assertPdfStreamsWithinLimit(bytes, filename, maxInflatedBytes);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given; a copy keeps the caller's bytes intact.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    throw openFailure(error, filename);
  }
  try {
    // Text is small next to the PDF itself, so holding every page's text is cheap; it lets
    // running headers and footers be recognised across pages.
    const read: PdfLine[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) read.push(await readPage(pdf, number, filename));
    const pages = removeRunningLines(read, (line) => line.text);
    const body = bodySize(pages);
    const blocks: Block[] = [];
    for (const [index, lines] of pages.entries()) {
      blocks.push({ kind: 'page', number: index + 1 }, ...pageBlocks(lines, body));
    }
    const characters = blocks.reduce((sum, b) => sum + (b.kind === 'page' ? 0 : b.text.length), 0);
    if (characters === 0) {
      throw new DocumentRejectedError(
        'no-text-layer',
        `"${filename}" holds scanned images without text; upload a PDF with selectable text or a DOCX`,
      );
    }
    return { blocks, pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

async function readPage(
  pdf: Awaited<ReturnType<typeof getDocumentProxy>>,
  number: number,
  filename: string,
): Promise<PdfLine[]> {
  try {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    page.cleanup();
    return pageLines(content.items as PdfTextItem[]);
  } catch (error) {
    throw openFailure(error, filename);
  }
}

const openFailure = (error: unknown, filename: string): DocumentRejectedError => {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new DocumentRejectedError(
      'password-protected',
      `"${filename}" is password-protected; remove the password (print or export it to a new PDF) and upload it again`,
      { cause: error },
    );
  }
  return new DocumentRejectedError(
    'corrupt',
    `"${filename}" is damaged or not a valid PDF; open it, save or export it again as PDF, and upload the new file`,
    { cause: error },
  );
};
