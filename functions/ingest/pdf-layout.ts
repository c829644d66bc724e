import type { Block } from './blocks.js';
import { isMostlySymbols, normalizeText } from './normalize.js';

export interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  height: number;
  transform: number[];
}

/** One line of a page and the largest font size on it; an empty line ends a paragraph. */
export interface PdfLine {
  text: string;
  size: number;
}

/**
 * A page's text items as normalised lines, with an empty line where a vertical gap wider than
 * a line says a paragraph ends, and words hyphenated across a line break rejoined.
 */
export function pageLines(items: PdfTextItem[]): PdfLine[] {
  const raw: PdfLine[] = [];
  let text = '';
  let size = 0;
  let lastY: number | undefined;
  let lastHeight = 0;
  const endLine = () => {
    raw.push({ text, size });
    text = '';
    size = 0;
  };
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    if (lastY !== undefined && item.str && Math.abs(lastY - y) > Math.max(lastHeight, item.height) * 1.8) {
      if (text) endLine();
      raw.push({ text: '', size: 0 });
    }
    text += item.str;
    if (item.str.trim()) size = Math.max(size, item.height);
    if (item.hasEOL) endLine();
    if (item.str) {
      lastY = y;
      lastHeight = item.height || lastHeight;
    }
  }
  if (text) endLine();

  const lines: PdfLine[] = [];
  for (const line of raw) {
    const clean = normalizeText(line.text);
    const previous = lines.at(-1);
    if (previous && /\p{Ll}-$/u.test(previous.text) && /^\p{Ll}/u.test(clean)) {
      previous.text = previous.text.slice(0, -1) + clean;
    } else {
      lines.push({ text: clean, size: line.size });
    }
  }
  return lines;
}

/** The font size most of the document's text is set in (by characters). */
export function bodySize(pages: PdfLine[][]): number {
  const chars = new Map<number, number>();
  for (const line of pages.flat()) {
    if (line.text.length < 2) continue;
    const size = Math.round(line.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + line.text.length);
  }
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * Turns a page's lines into blocks: a short line set clearly larger than the body text is a
 * heading (level 1 when much larger), consecutive lines form a paragraph until an empty line
 * or a heading. Passages that are mostly symbols (fonts without a Unicode map) are dropped.
 */
export function pageBlocks(lines: PdfLine[], body: number): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    const text = paragraph.join(' ').trim();
    if (text && !isMostlySymbols(text)) blocks.push({ kind: 'paragraph', text });
    paragraph = [];
  };
  for (const line of lines) {
    if (!line.text) {
      endParagraph();
      continue;
    }
    const isHeading =
      body > 0 &&
      line.size >= body * 1.2 &&
      line.text.length <= 80 &&
      /\p{L}/u.test(line.text) &&
      !isMostlySymbols(line.text);
    if (!isHeading) {
      paragraph.push(line.text);
      continue;
    }
    endParagraph();
    const level = line.size >= body * 1.6 ? 1 : 2;
    const previous = blocks.at(-1);
    // A long title wraps onto several lines of the same size: one heading.
    if (
      previous?.kind === 'heading' &&
      previous.level === level &&
      previous.text.length + line.text.length <= 120
    ) {
      previous.text = `${previous.text} ${line.text}`;
    } else {
      blocks.push({ kind: 'heading', level, text: line.text });
    }
  }
  endParagraph();
  return blocks;
}
