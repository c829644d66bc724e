import { stemmer } from 'stemmer';
import { deu, eng, fra, ita, por, spa } from 'stopword';
import { splitWords } from './words.js';

/**
 * Lexical analysis shared by indexing and querying, so both sides see the same terms:
 * NFKC, lower case, split on anything but letters and digits, drop stop words (the languages
 * our customers write in most), and stem English words.
 */
const STOP_WORDS = new Set([
  ...eng,
  ...spa,
  ...fra,
  ...deu,
  ...ita,
  ...por,
  'hi',
  'hello',
  'hey',
  'please',
  'thanks',
]);

/** Words a question asks with but a fact rarely contains. */
const QUESTION_WORDS = new Set(['tell', 'know', 'want', 'like', 'can', 'could', 'would', 'does', 'anyone']);

export { splitWords } from './words.js';

/** One word to its index term, or `null` for a stop word. */
export const toTerm = (word: string): string | null => {
  const lower = word.toLowerCase();
  if (STOP_WORDS.has(lower) || QUESTION_WORDS.has(lower)) return null;
  return /^[a-z]+$/.test(lower) ? stemmer(lower) : lower;
};

export const terms = (text: string): string[] =>
  splitWords(text)
    .map(toTerm)
    .filter((t): t is string => t !== null);

/** Sentences of a passage, for picking the part that answers. */
export const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
