/**
 * Splits a reply into parts of at most `limit` characters (code points), preferring paragraph,
 * then sentence, then word boundaries, so each part reads on its own.
 *
 * @example
 * splitMessage('First. Second.', 8) // ['First.', 'Second.']
 */
export const splitMessage = (text: string, limit: number): string[] => {
  const parts: string[] = [];
  let rest = text.trim();
  while (length(rest) > limit) {
    const window = Array.from(rest)
      .slice(0, limit + 1)
      .join('');
    const cut = lastBoundary(window, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
};

const length = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Index (in UTF-16 units) where the first part should end, within `limit` code points. */
const lastBoundary = (window: string, limit: number): number => {
  const fitting = Array.from(window).slice(0, limit).join('');
  const floor = Math.floor(fitting.length / 3);
  for (const pattern of [/\n\s*\n/g, /[.!?…](?=\s)/g, /\s/g]) {
    let best = -1;
    for (const match of window.slice(0, fitting.length + 1).matchAll(pattern)) {
      const end = match.index + (pattern.source.startsWith('[') ? 1 : 0);
      if (end <= fitting.length && end > floor) best = end;
    }
    if (best > 0) return best;
  }
  return fitting.length;
};
