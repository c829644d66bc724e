import { deu, eng, fra, ita, por, spa } from 'stopword';
import { languageCodeOfSetting } from '../platform/language-setting.js';

/**
 * What Frontdesk says about a voice note or photo it cannot use, in the customer's language: the
 * language of what they wrote before, else the business's, else English.
 */
const SAYINGS = {
  en: {
    textOnly: "I can only read text for now. Please type your question and I'll help.",
    voiceTooLong:
      'Your voice note is too long for me to listen to. Please send a shorter one or type your question.',
    voiceNotUnderstood: "I couldn't make out your voice note. Please try again or type your question.",
  },
  es: {
    textOnly: 'Por ahora solo puedo leer texto. Escribe tu pregunta y te ayudo.',
    voiceTooLong: 'Tu nota de voz es demasiado larga para mí. Envía una más corta o escribe tu pregunta.',
    voiceNotUnderstood: 'No pude entender tu nota de voz. Inténtalo de nuevo o escribe tu pregunta.',
  },
  fr: {
    textOnly: "Pour l'instant, je ne lis que le texte. Écrivez votre question et je vous aide.",
    voiceTooLong:
      'Votre message vocal est trop long pour moi. Envoyez-en un plus court ou écrivez votre question.',
    voiceNotUnderstood: "Je n'ai pas compris votre message vocal. Réessayez ou écrivez votre question.",
  },
  de: {
    textOnly: 'Ich kann im Moment nur Text lesen. Schreiben Sie Ihre Frage, und ich helfe Ihnen.',
    voiceTooLong:
      'Ihre Sprachnachricht ist zu lang für mich. Schicken Sie eine kürzere oder schreiben Sie Ihre Frage.',
    voiceNotUnderstood:
      'Ich konnte Ihre Sprachnachricht nicht verstehen. Versuchen Sie es noch einmal oder schreiben Sie Ihre Frage.',
  },
  pt: {
    textOnly: 'Por enquanto só consigo ler texto. Escreva sua pergunta e eu ajudo.',
    voiceTooLong: 'Seu áudio é longo demais para mim. Envie um mais curto ou escreva sua pergunta.',
    voiceNotUnderstood: 'Não consegui entender seu áudio. Tente de novo ou escreva sua pergunta.',
  },
  it: {
    textOnly: 'Per ora posso leggere solo testo. Scrivi la tua domanda e ti aiuto.',
    voiceTooLong:
      'Il tuo messaggio vocale è troppo lungo per me. Mandane uno più breve o scrivi la tua domanda.',
    voiceNotUnderstood: 'Non ho capito il tuo messaggio vocale. Riprova o scrivi la tua domanda.',
  },
} as const;

export type MediaSaying = keyof (typeof SAYINGS)['en'];
type Language = keyof typeof SAYINGS;

const STOPWORDS: Record<Language, Set<string>> = {
  en: new Set(eng),
  es: new Set(spa),
  fr: new Set(fra),
  de: new Set(deu),
  pt: new Set(por),
  it: new Set(ita),
};

/**
 * The language most of these words are stopwords of (at least two hits), from the customer's own
 * earlier messages; undefined when too little was said to tell.
 */
export const guessLanguage = (texts: readonly string[]): Language | undefined => {
  const words =
    texts
      .join(' ')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  let best: { language: Language; hits: number } | undefined;
  for (const language of Object.keys(STOPWORDS) as Language[]) {
    const hits = words.filter((w) => STOPWORDS[language].has(w)).length;
    if (hits >= 2 && (!best || hits > best.hits)) best = { language, hits };
  }
  return best?.language;
};

/** A profile's language, written out ("Spanish", "Español") or coded, if we have sayings in it. */
const asLanguage = (setting: string | undefined): Language | undefined => {
  const code = languageCodeOfSetting(setting);
  return code && Object.hasOwn(SAYINGS, code) ? (code as Language) : undefined;
};

export const mediaReply = (
  saying: MediaSaying,
  context: { customerTexts?: readonly string[]; businessLanguage?: string },
): string => {
  const language = guessLanguage(context.customerTexts ?? []) ?? asLanguage(context.businessLanguage) ?? 'en';
  return SAYINGS[language][saying];
};
