import { smallTalkOf } from '../answer/small-talk.js';
import { terms } from '../knowledge/text.js';

/**
 * Whether an unanswered message belongs on the owner's list of knowledge gaps: it asks about
 * something (at least one content word), and is not small talk. "YES", "Hello? Anyone?" and
 * "ok" are not gaps.
 */
export const isRealQuestion = (text: string): boolean =>
  terms(text).length > 0 && smallTalkOf(text) === undefined;

/**
 * What makes two unanswered questions the same gap: their content terms, in any order and form.
 * "Is there a student discount?" and "Do you have student discounts?" are one gap, asked twice.
 */
export const gapKeyOf = (question: string): string => [...new Set(terms(question))].sort().join(' ');
