import { terms } from '../knowledge/text.js';
import type { PromptTurn } from './prompt.js';

/** Openings that lean on what was said before: "and on Sundays?", "what about parking?". */
const LEANS_ON_CONTEXT =
  /^\s*(and|also|or|but|what about|how about|same for|y|e|et|und|o|¿y|y los|y el|et le|et la)\b|\b(it|its|that|this|those|these|they|them|there|then)\b/i;

/** Enough content words to stand on its own as a search. */
const SELF_CONTAINED_TERMS = 4;

/**
 * The search query for a question, with the conversation's context when the question leans on it:
 * "and on Sundays?" after "what are your opening hours on Saturday?" searches for both. The model
 * still sees the real question and the history; this only decides what retrieval looks for.
 * Without a model there is nothing cheaper and it is right on the common follow-up shapes.
 */
export const searchQueryFor = (question: string, history: PromptTurn[]): string => {
  const own = terms(question);
  const leans = LEANS_ON_CONTEXT.test(question) || own.length <= 1;
  if (own.length >= SELF_CONTAINED_TERMS || !leans) return question;
  const earlier = history
    .filter((t) => t.role === 'customer')
    .map((t) => t.text)
    .filter((text) => terms(text).length > 0)
    .slice(-2);
  if (earlier.length === 0) return question;
  // The nearest earlier question first: it is most likely what "it" and "and" refer to.
  const context = terms(earlier.at(-1)!).length >= 2 ? earlier.slice(-1) : earlier;
  return `${context.join(' ')} ${question}`;
};
