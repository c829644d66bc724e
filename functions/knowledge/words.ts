/**
 * A text's words, lower-cased, letters and digits only. Its own module, free of the stop-word
 * lists and the stemmer of `text.ts`, so the Twilio webhook (a call's sentiment) does not carry
 * them.
 */
export const splitWords = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
