import { getDocumentProxy } from 'unpdf';
import type { Block, Extraction } from './blocks.js';
import { DocumentRejectedError } from './errors.js';
import { isMostlySymbols, normalizeText } from './normalize.js';
import { removeRunningLines } from './running-lines.js';

interface TextItem {
  str: string;
  hasEOL: boolean;
  height: number;
  transform: number[];
}

/**
 * Reads a PDF page by page (each page's objects are released before the next is read, so a
 * long document stays within a small memory budget) into paragraphs, found at vertical gaps
 * wider than a line, without running headers and footers. A PDF that opens but yields no text is image-only: say so, since only OCR
 * or a different export would help.
 */
export async function extractPdf(bytes: Uint8Array, filename: string): Promise<Extraction> {
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
    const pages: string[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      pages.push(normalizeText(await readPage(pdf, number, filename)).split('\n'));
    }
    const blocks: Block[] = [];
    let characters = 0;
    for (const [index, lines] of removeRunningLines(pages).entries()) {
      blocks.push({ kind: 'page', number: index + 1 });
      for (const paragraph of lines.join('\n').split(/\n\n+/)) {
        const joined = paragraph.replace(/\s*\n\s*/g, ' ').trim();
        if (!joined || isMostlySymbols(joined)) continue;
        characters += joined.replace(/\s/g, '').length;
        blocks.push({ kind: 'paragraph', text: joined });
      }
    }
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
): Promise<string> {
  try {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    page.cleanup();
    return pageText(content.items as TextItem[]);
  } catch (error) {
    throw openFailure(error, filename);
  }
}

/** Joins a page's text items into lines, with a blank line where the gap says a paragraph ends. */
function pageText(items: TextItem[]): string {
  let text = '';
  let lastY: number | undefined;
  let lastHeight = 0;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    if (lastY !== undefined && item.str && Math.abs(lastY - y) > Math.max(lastHeight, item.height) * 1.8) {
      text = `${text.trimEnd()}\n\n`;
    }
    text += item.str;
    if (item.hasEOL) text += '\n';
    if (item.str) {
      lastY = y;
      lastHeight = item.height || lastHeight;
    }
  }
  return text;
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
