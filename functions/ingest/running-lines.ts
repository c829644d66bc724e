/** How many lines at the top and at the bottom of a page can be a running header or footer. */
const EDGE_LINES = 2;

/** Page numbers and dates vary from page to page; the rest of a running line does not. */
const lineKey = (line: string): string => line.trim().toLowerCase().replace(/\d+/g, '#');

/**
 * Drops running headers and footers (a title, "Page 3 of 12", a confidentiality line): lines
 * near the top or bottom edge that recur on at least half of the pages (and on 3 or more). They
 * would otherwise be glued into a paragraph of every page and crowd the index with noise.
 *
 * @example
 * const pages = [['Bella Pizza menu', 'Pizzas'], ['Bella Pizza menu', 'Drinks'], ['Bella Pizza menu', 'Cakes']];
 * removeRunningLines(pages, (line) => line) // [['Pizzas'], ['Drinks'], ['Cakes']]
 */
export function removeRunningLines<T>(pages: T[][], textOf: (line: T) => string): T[][] {
  if (pages.length < 3) return pages;
  const edgeIndexes = (lines: T[]) => {
    const content = lines.map((line, i) => ({ text: textOf(line), i })).filter(({ text }) => text.trim());
    return new Set([...content.slice(0, EDGE_LINES), ...content.slice(-EDGE_LINES)].map(({ i }) => i));
  };
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set([...edgeIndexes(lines)].map((i) => lineKey(textOf(lines[i]!))));
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 2));
  const running = new Set([...counts].filter(([, n]) => n >= threshold).map(([key]) => key));
  if (running.size === 0) return pages;
  return pages.map((lines) => {
    const edges = edgeIndexes(lines);
    return lines.filter((line, i) => !(edges.has(i) && running.has(lineKey(textOf(line)))));
  });
}
