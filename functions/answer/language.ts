import { layerModule } from '../platform/layer-modules.js';
import { LANGUAGES, type LanguageCode, languageCodeOf } from './language-codes.js';
import type { PromptTurn } from './prompt.js';
import { smallTalkOf } from './small-talk.js';

/**
 * tinyld's call is taken when its best language is clearly ahead of the next: on short chat
 * messages (BENCHMARKS.md) its wrong calls were near ties ("A que horas abrem?": es 0.14, pt 0.13).
 * Its light model (82 KB, about a fifth of the normal one's import time) is used: with the
 * phrases and marks above it was as right on chat messages, and the answer worker's bundle and
 * cold start are benchmarked.
 */
const MIN_ACCURACY = 0.05;
/** From the vendor layer on the first message the phrases and marks below do not settle. */
const tinyld = layerModule<typeof import('tinyld/light')>('tinyld/light');
const MIN_LEAD = 1.5;

/** Marks only one of our languages writes: tinyld's light model confuses es and pt on short text. */
const SPANISH_MARKS = /[¿¡ñ]/i;
const PORTUGUESE_MARKS = /[ãõ]|\b(você|vocês|não|obrigad[oa])\b/i;

/** The language of one text, or undefined when it cannot be told. */
export const detectLanguage = (text: string): LanguageCode | undefined => {
  const small = smallTalkOf(text);
  if (small) return small.language;
  if (SPANISH_MARKS.test(text)) return 'es';
  if (PORTUGUESE_MARKS.test(text)) return 'pt';
  const [best, next] = tinyld().detectAll(text, { only: [...LANGUAGES] });
  if (!best || best.accuracy < MIN_ACCURACY) return undefined;
  if (next && best.accuracy < next.accuracy * MIN_LEAD) return undefined;
  return LANGUAGES.find((code) => code === best.lang);
};

/**
 * The language to answer in: the message's own, else the customer's earlier messages', else the
 * business's, else English.
 */
export const detectCustomerLanguage = (
  question: string,
  history: PromptTurn[],
  businessLanguage?: string,
): LanguageCode => {
  const own = detectLanguage(question);
  if (own) return own;
  const earlier = history
    .filter((t) => t.role === 'customer')
    .map((t) => t.text)
    .reverse();
  for (const text of earlier) {
    const found = detectLanguage(text);
    if (found) return found;
  }
  return languageCodeOf(businessLanguage) ?? 'en';
};
