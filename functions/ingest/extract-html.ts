import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block } from './blocks.js';
import { normalizeText } from './normalize.js';

const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, li, tr, pre, blockquote, dt, dd';

/**
 * The structure of an HTML fragment as blocks: headings, paragraphs and list items, and table
 * rows joined with their header cells (`Header: value; ...`). Text outside those elements (a
 * bare `<div>` of text) becomes paragraphs too, so nothing readable is lost.
 */
export function htmlToBlocks(html: string): Block[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: Block[] = [];
  const handled = new Set<unknown>();
  for (const element of document.querySelectorAll(BLOCK_SELECTOR)) {
    // A block nested in another (a <p> inside an <li>) is read as part of its parent.
    if (element.parentElement?.closest(BLOCK_SELECTOR)) continue;
    handled.add(element);
    const tag = element.tagName.toLowerCase();
    if (tag === 'tr') {
      const row = rowText(element);
      if (row) blocks.push({ kind: 'row', text: row });
      continue;
    }
    const text = normalizeText(element.textContent ?? '').replace(/\s*\n\s*/g, ' ');
    if (!text) continue;
    const level = /^h([1-6])$/.exec(tag)?.[1];
    blocks.push(level ? { kind: 'heading', level: Number(level), text } : { kind: 'paragraph', text });
  }
  if (blocks.length === 0) {
    const text = normalizeText(document.body?.textContent ?? '');
    for (const paragraph of text.split(/\n\n+/)) {
      if (paragraph.trim()) blocks.push({ kind: 'paragraph', text: paragraph.replace(/\s*\n\s*/g, ' ') });
    }
  }
  return blocks;
}

type ElementLike = NonNullable<ReturnType<ReturnType<typeof parseHTML>['document']['querySelector']>>;

const rowText = (row: ElementLike): string => {
  const cells = [...row.querySelectorAll('td, th')].map((c) => normalizeText(c.textContent ?? ''));
  if (cells.every((c) => !c)) return '';
  const table = row.closest('table');
  const headerRow = table?.querySelector('tr');
  const headers =
    headerRow && headerRow !== row && headerRow.querySelector('th')
      ? [...headerRow.querySelectorAll('th, td')].map((c) => normalizeText(c.textContent ?? ''))
      : [];
  if (headerRow === row && row.querySelector('th')) return '';
  return cells
    .map((cell, i) => (headers[i] && cell ? `${headers[i]}: ${cell}` : cell))
    .filter(Boolean)
    .join('; ');
};

/**
 * A web page's main content (Readability drops navigation, footers and ads), as blocks, with
 * the page title as the top heading. Pages Readability cannot make sense of fall back to the
 * whole body.
 */
export function extractHtmlMainContent(source: string): Block[] {
  // A fragment (no <body>) would parse without a body for Readability to read.
  const html = /<body[\s>]/i.test(source) ? source : `<!doctype html><html><body>${source}</body></html>`;
  const { document } = parseHTML(html);
  const title = normalizeText(document.querySelector('title')?.textContent ?? '');
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(document as never, { charThreshold: 200 }).parse();
  } catch {
    // Readability gives up on some malformed pages; the whole body is the honest fallback.
    article = null;
  }
  const body = article?.content ?? parseHTML(html).document.body?.innerHTML ?? '';
  const blocks = htmlToBlocks(body);
  const heading = normalizeText(article?.title ?? '') || title;
  return heading ? [{ kind: 'heading', level: 1, text: heading }, ...blocks] : blocks;
}
