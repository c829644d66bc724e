import { terms } from '../knowledge/text.js';
import type { PromptTurn } from './prompt.js';

/** Openings that continue the previous question: "and on Sundays?", "what about parking?". */
const CONTINUES =
  /^\s*(and|also|or|but|what about|how about|same for|y|e|et|und|o|¿y|y los|y el|et le|et la|und die|und der|e o|e a)\b/i;
/** Words that point back at something said before ("how much is it?", "can I park there?"). */
const POINTS_BACK =
  /\b(it|its|that|this|those|these|they|them|there|then|eso|ese|esa|isso|esse|essa|ça|cela|celui|dort|dann)\b/i;
/** "there" and "it" used without pointing anywhere: "is there parking?", "is it possible to...". */
const EXPLETIVE =
  /\b(is|are|was|were|will|would) there\b|\bthere (is|are|was|were|will)\b|\bis it possible\b/gi;

/** Enough content words to stand on its own as a search. */
const SELF_CONTAINED_TERMS = 4;

/** Whether the question cannot be read without the conversation before it. */
export const leansOnContext = (question: string): boolean => {
  const own = terms(question);
  if (own.length === 0) return true;
  if (own.length >= SELF_CONTAINED_TERMS) return false;
  return CONTINUES.test(question) || POINTS_BACK.test(question.replace(EXPLETIVE, ' '));
};

/**
 * The search query for a question, with the conversation's context only when the question cannot
 * stand alone: "and on Sundays?" after "what are your opening hours on Saturday?" searches for
 * both, while "Is there parking?" after "Can I book a table for 6?" is searched as it is. The
 * model still sees the real question and the history; this only decides what retrieval looks
 * for when no model rewrites the query.
 */
export const searchQueryFor = (question: string, history: PromptTurn[]): string => {
  if (!leansOnContext(question)) return question;
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
