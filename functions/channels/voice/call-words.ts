import { classifySentiment } from '../../insights/classify.js';

const GOODBYE =
  /\b(good\s?-?bye|bye(\s?-?bye)?|hang up|that'?s all|that is all|nothing else|no,? thanks?( you)?)\b/i;

/**
 * A caller who says goodbye, or only thanks/no plus a goodbye, wants to end the call; a longer
 * sentence that merely contains "bye" ("can I buy...", "stop by") is a question.
 */
export const wantsToHangUp = (speech: string): boolean =>
  GOODBYE.test(speech) && speech.trim().split(/\s+/).length <= 6;

/** The caller's mood over the call: any negative turn makes it negative, else any positive one. */
export const callSentiment = (callerTexts: string[]): 'positive' | 'neutral' | 'negative' => {
  const moods = callerTexts.map(classifySentiment);
  return moods.includes('negative') ? 'negative' : moods.includes('positive') ? 'positive' : 'neutral';
};
