import { brotliDecompressSync } from 'node:zlib';
import { ENGLISH_TERMS_BY_FREQUENCY_BROTLI_BASE64 } from './english-word-ranks.js';
import { sentences, terms } from './text.js';

/**
 * How much of a question a passage really covers: the share of the question's terms the passage
 * holds, each term weighted by how much it says. A word that is rare in general English ("GPS",
 * "gluten") and rare in the business's own knowledge carries the question; "free", "settings" or
 * "turn" carry little. Weighting by rarity in the tenant alone does not separate (a word absent
 * from the tenant weighs the same whether it is "GPS" or "explain"); by general English alone a
 * domain's everyday words ("screen" in a phone manual) weigh too much. The geometric mean of the
 * two was measured best on E-Manual (see BENCHMARKS.md).
 */
export interface TermStatistics {
  /** Chunks in the tenant's index. */
  readonly chunkCount: number;
  /** How many of them hold the term. */
  documentFrequency(term: string): number;
}

/** Index terms of general English by frequency rank, unpacked on first use (about 10 ms). */
let ranks: Map<string, number> | undefined;
const rankOf = (term: string): number | undefined => {
  ranks ??= new Map(
    brotliDecompressSync(Buffer.from(ENGLISH_TERMS_BY_FREQUENCY_BROTLI_BASE64, 'base64'))
      .toString('utf8')
      .split(' ')
      .map((t, i) => [t, i + 1]),
  );
  return ranks.get(term);
};

/** Words beyond the list (names, jargon, other languages) count as rarer than its last word. */
const UNLISTED_RANK = 40_000;

/** ln(frequency rank) plus the log share of the most frequent word: Zipf's law turned into information. */
export const generalRarity = (term: string): number => Math.log(rankOf(term) ?? UNLISTED_RANK) + 3;

const tenantRarity = (term: string, stats: TermStatistics): number =>
  Math.log((stats.chunkCount + 1) / (stats.documentFrequency(term) + 0.5));

/**
 * Question words a business's facts answer without repeating them: "opening hours" against
 * "open 11am to 10pm", "how much" against "$14", "my house" against "within 5 km". Without these, the short questions customers
 * ask most would look uncovered.
 */
const WEEKDAYS = new Set(terms('monday tuesday wednesday thursday friday saturday sunday weekend daily'));
const TIME_OF_DAY =
  /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)\b|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b/i;
const MONEY = /[$€£¥]\s?\d|\d\s?(?:[$€£¥]|usd|eur|gbp|dollars?|euros?|pounds?)\b|\bfree\b/i;
const PLACE =
  /\b\d+(?:[.,]\d+)?\s?(?:km|kms|kilometers?|kilometres?|mi|miles?|blocks?)\b|\bwithin\b|\b(?:street|st|avenue|ave|road|rd|area|zone|neighbou?rhood|downtown|address)\b/i;
const PLACE_TERMS = new Set(terms('house home place address neighborhood neighbourhood apartment hotel'));
const HOURS_TERMS = new Set(terms('hours time when day days open opening close closing'));
const PRICE_TERMS = new Set(terms('price cost fee charge expensive cheap pay'));

const coveredByConcept = (term: string, passageTerms: Set<string>, passage: string): boolean => {
  // "Are you open on Sunday?" is answered by "open Monday to Saturday".
  if (WEEKDAYS.has(term)) return [...passageTerms].some((t) => WEEKDAYS.has(t));
  if (HOURS_TERMS.has(term))
    return TIME_OF_DAY.test(passage) || [...passageTerms].some((t) => WEEKDAYS.has(t) || HOURS_TERMS.has(t));
  // "Do you deliver to my house?" is answered by "We deliver within 5 km".
  if (PLACE_TERMS.has(term)) return PLACE.test(passage) || [...passageTerms].some((t) => PLACE_TERMS.has(t));
  if (PRICE_TERMS.has(term)) return MONEY.test(passage) || [...passageTerms].some((t) => PRICE_TERMS.has(t));
  return false;
};

/** Stems that differ only in their ending ("deliveri" and "deliver"), as the index's prefix search. */
const MIN_PREFIX = 5;
const holds = (held: Set<string>, term: string): boolean => {
  if (held.has(term)) return true;
  for (const t of held) {
    const [short, long] = t.length < term.length ? [t, term] : [term, t];
    if (short.length >= MIN_PREFIX && long.startsWith(short)) return true;
  }
  return false;
};

/** Bare numbers ("(2)", "table for 6") rarely carry a question; a fact may also write them out. */
const NUMBER_WEIGHT = 0.25;

/**
 * The weighted share, in [0, 1], of the question's terms that `passage` covers; 0 for no terms.
 * A message of several sentences is covered when one of its questions is ("hi there / quick
 * question / how much is a class?"), so the chatter around a question does not sink it.
 */
export const coverageEvidence = (question: string, passage: string, stats: TermStatistics): number => {
  const held = new Set(terms(passage));
  const parts = sentences(question).filter((s) => s.includes('?') && terms(s).length > 0);
  const candidates =
    parts.length > 1 || (parts.length === 1 && parts[0] !== question.trim())
      ? [question, ...parts]
      : [question];
  return Math.max(...candidates.map((q) => coverageOf(q, passage, held, stats)));
};

const coverageOf = (question: string, passage: string, held: Set<string>, stats: TermStatistics): number => {
  const wanted = [...new Set(terms(question))];
  if (wanted.length === 0) return 0;
  let total = 0;
  let covered = 0;
  for (const term of wanted) {
    const weight =
      Math.sqrt(Math.max(tenantRarity(term, stats), 0.05) * generalRarity(term)) *
      (/^\d+$/.test(term) ? NUMBER_WEIGHT : 1);
    total += weight;
    if (holds(held, term) || coveredByConcept(term, held, passage)) covered += weight;
  }
  return covered / total;
};
