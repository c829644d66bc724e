import Papa from 'papaparse';
import { type Block, paragraphsOf } from './blocks.js';
import { DocumentRejectedError } from './errors.js';
import { normalizeText } from './normalize.js';

/**
 * Text as UTF-8 (a BOM is dropped); files that are not valid UTF-8 are read as Windows-1252,
 * which is what spreadsheets and old editors on small-business PCs write.
 */
export const decodeText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
};

export const extractPlainText = (text: string): Block[] => paragraphsOf(normalizeText(text));

/** Markdown: `#` headings, paragraphs at blank lines, list items, and table rows with headers. */
export function extractMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let tableHeaders: string[] | undefined;
  const endParagraph = () => {
    const text = paragraph.join(' ').trim();
    if (text) blocks.push({ kind: 'paragraph', text });
    paragraph = [];
  };
  for (const raw of normalizeText(source).split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    const cells = /^\|.*\|$/.test(line)
      ? line
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim())
      : undefined;
    if (!cells) tableHeaders = undefined;
    if (heading) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: stripInline(heading[2]!) });
    } else if (cells) {
      endParagraph();
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue;
      if (!tableHeaders) tableHeaders = cells.map(stripInline);
      else blocks.push({ kind: 'row', text: joinRow(tableHeaders, cells.map(stripInline)) });
    } else if (/^([-*+]|\d+[.)])\s+/.test(line)) {
      endParagraph();
      blocks.push({ kind: 'paragraph', text: stripInline(line.replace(/^([-*+]|\d+[.)])\s+/, '')) });
    } else if (!line || /^(```|~~~|---+|\*\*\*+)$/.test(line)) {
      endParagraph();
    } else {
      paragraph.push(stripInline(line.replace(/^>\s?/, '')));
    }
  }
  endParagraph();
  return blocks;
}

/** Links keep their text, emphasis and code marks go. */
const stripInline = (text: string): string =>
  text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, '$2')
    .trim();

const joinRow = (headers: string[], cells: string[]): string =>
  cells
    .map((cell, i) => (headers[i] && cell ? `${headers[i]}: ${cell}` : cell))
    .filter(Boolean)
    .join('; ');

/**
 * CSV: every row becomes `Header: value; ...`, so a chunk of rows still says what each value is.
 * The delimiter is detected (comma, semicolon, tab); a file with one row is read as data.
 */
export function extractCsv(text: string, filename: string): Block[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.map((row) => row.map((cell) => normalizeText(String(cell ?? ''))));
  if (rows.length === 0) return [];
  // An unterminated quote swallows the rest of the file into one field; when nothing but that
  // one row is left, the file cannot be read as a table. Other parse errors are cosmetic.
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' && rows.length <= 1);
  if (fatal) {
    throw new DocumentRejectedError(
      'corrupt',
      `"${filename}" is not valid CSV (${fatal.message} at row ${fatal.row}); export it again from your spreadsheet`,
    );
  }
  if (rows.length === 1) return [{ kind: 'row', text: rows[0]!.filter(Boolean).join('; ') }];
  const [headers, ...data] = rows as [string[], ...string[][]];
  return data
    .map((row) => joinRow(headers, row))
    .filter(Boolean)
    .map((text) => ({ kind: 'row', text }));
}

/**
 * JSON: an array of objects reads like a table (one row per object); anything else becomes
 * `path: value` lines, grouped under their top-level key.
 */
export function extractJson(text: string, filename: string): Block[] {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DocumentRejectedError(
      'corrupt',
      `"${filename}" is not valid JSON (${(error as Error).message}); fix or export it again`,
      { cause: error },
    );
  }
  const blocks: Block[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node) && node.every(isPlainObject)) {
      for (const item of node) {
        const row = flatten(item, '').join('; ');
        if (row) blocks.push({ kind: 'row', text: path ? `${path}: ${row}` : row });
      }
    } else if (isPlainObject(node) && !path) {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'object' && child !== null) {
          blocks.push({ kind: 'heading', level: 1, text: key });
          visit(child, key);
        } else {
          blocks.push({ kind: 'paragraph', text: `${key}: ${String(child)}` });
        }
      }
    } else {
      for (const line of flatten(node, path)) blocks.push({ kind: 'paragraph', text: line });
    }
  };
  visit(value, '');
  return blocks.map((b) => (b.kind === 'page' ? b : { ...b, text: normalizeText(b.text) }));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const flatten = (node: unknown, path: string): string[] => {
  if (Array.isArray(node)) return node.flatMap((child, i) => flatten(child, `${path}[${i}]`));
  if (isPlainObject(node)) {
    return Object.entries(node).flatMap(([key, child]) => flatten(child, path ? `${path}.${key}` : key));
  }
  if (node === null || node === undefined || node === '') return [];
  return [path ? `${path}: ${String(node)}` : String(node)];
};
