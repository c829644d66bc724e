/**
 * Zero-width characters, soft hyphens, byte-order marks and C0 controls: invisible, but they
 * split words (PDF fonts without a Unicode map extract as control characters).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Normalises extracted text so that the same words always become the same tokens: NFKC folds
 * ligatures (ﬁ -> fi, ﬅ -> st), full-width forms and Arabic presentation forms; words broken by
 * a hyphen at a line end are rejoined; runs of spaces collapse; paragraphs (blank lines) survive.
 *
 * @example
 * normalizeText('e\uFB00ective  ﬁne-\ntuning\r\n\r\n\r\nNext') // 'effective finetuning\n\nNext'
 */
/**
 * True when a passage is mostly symbols: what a font without a Unicode map extracts as. Such
 * text would only add noise to the index.
 */
export const isMostlySymbols = (text: string): boolean => {
  const visible = text.replace(/\s/g, '');
  const wordish = visible.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return visible.length > 0 && wordish / visible.length < 0.5;
};

export const normalizeText = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2')
    .split('\n')
    .map(normalizeLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/**
 * Some PDF producers write `#` where a space belongs ("1101#Strayer#Drive"); a line that uses
 * `#` as its only separator gets its spaces back.
 */
const normalizeLine = (line: string): string => {
  let clean = line.replace(/[\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+/g, ' ').trim();
  if (!clean.includes(' ') && (clean.match(/#/g)?.length ?? 0) >= 2 && /\p{L}#\p{L}/u.test(clean)) {
    clean = clean.replace(/#+/g, ' ').trim();
  }
  return clean;
};
