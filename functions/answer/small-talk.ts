import type { LanguageCode } from './language-codes.js';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye' | 'acknowledgement';

/**
 * Phrases that are not questions, in the languages Frontdesk replies in. A message made only of
 * these (and punctuation, emoji, "there", the business's name) gets a short friendly reply, never
 * an "I don't know" and never a knowledge gap. Listed per language so the reply can match it:
 * a language detector cannot tell "hola" from "olá" in four letters.
 */
const PHRASES: Record<SmallTalkKind, Record<LanguageCode, string[]>> = {
  greeting: {
    en: [
      'hi',
      'hello',
      'hey',
      'hiya',
      'yo',
      'good morning',
      'good afternoon',
      'good evening',
      'anyone',
      'anybody',
      'is anyone there',
      'anyone there',
      'hi there',
      'hello there',
    ],
    es: ['hola', 'buenos días', 'buenos dias', 'buenas tardes', 'buenas noches', 'buenas', 'hay alguien'],
    pt: ['olá', 'ola', 'oi', 'bom dia', 'boa tarde', 'boa noite', 'tem alguém', 'alguém'],
    fr: ['bonjour', 'salut', 'bonsoir', 'coucou', "il y a quelqu'un", "quelqu'un"],
    de: ['hallo', 'guten morgen', 'guten tag', 'guten abend', 'servus', 'moin', 'ist jemand da', 'jemand da'],
  },
  thanks: {
    en: [
      'thanks',
      'thank you',
      'thx',
      'ty',
      'thanks a lot',
      'thank you so much',
      'many thanks',
      'cheers',
      'great thanks',
      'perfect thanks',
      'ok thanks',
      'ok thank you',
    ],
    es: ['gracias', 'muchas gracias', 'mil gracias', 'vale gracias'],
    pt: ['obrigado', 'obrigada', 'muito obrigado', 'muito obrigada', 'valeu'],
    fr: ['merci', 'merci beaucoup', 'merci bien', 'ok merci'],
    de: ['danke', 'danke schön', 'danke schon', 'vielen dank', 'danke sehr', 'ok danke'],
  },
  goodbye: {
    en: ['bye', 'goodbye', 'bye bye', 'see you', 'see you soon', 'have a nice day', 'good night'],
    es: ['adiós', 'adios', 'hasta luego', 'chao', 'nos vemos'],
    pt: ['tchau', 'adeus', 'até logo', 'ate logo', 'até mais'],
    fr: ['au revoir', 'à bientôt', 'a bientot', 'bonne journée', 'bonne soirée'],
    de: ['tschüss', 'tschuss', 'auf wiedersehen', 'bis bald', 'ciao'],
  },
  acknowledgement: {
    en: [
      'ok',
      'okay',
      'k',
      'kk',
      'yes',
      'no',
      'yeah',
      'yep',
      'nope',
      'sure',
      'cool',
      'great',
      'perfect',
      'got it',
      'alright',
      'fine',
      'nice',
    ],
    es: ['vale', 'sí', 'si', 'claro', 'perfecto', 'de acuerdo', 'genial', 'entendido', 'bueno'],
    pt: ['sim', 'não', 'nao', 'tá bom', 'ta bom', 'beleza', 'certo', 'perfeito', 'entendi', 'combinado'],
    fr: ['oui', 'non', "d'accord", 'dac', 'parfait', 'super', 'entendu', 'très bien', 'tres bien'],
    de: ['ja', 'nein', 'okay', 'alles klar', 'gut', 'super', 'perfekt', 'verstanden', 'genau'],
  },
};

const normalize = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Every phrase, longest first, with what it is and which language it belongs to. */
const ENTRIES = (Object.entries(PHRASES) as Array<[SmallTalkKind, Record<LanguageCode, string[]>]>)
  .flatMap(([kind, byLanguage]) =>
    (Object.entries(byLanguage) as Array<[LanguageCode, string[]]>).flatMap(([language, phrases]) =>
      phrases.map((phrase) => ({ kind, language, phrase: normalize(phrase) })),
    ),
  )
  .sort((a, b) => b.phrase.length - a.phrase.length);

/** Politeness that can surround small talk without making it a question. */
const FILLER = new Set([
  'there',
  'all',
  'again',
  'so',
  'much',
  'very',
  'you',
  'too',
  'and',
  'e',
  'y',
  'et',
  'und',
  'please',
]);

export interface SmallTalk {
  kind: SmallTalkKind;
  /** The language of the first phrase recognised. */
  language: LanguageCode;
}

/**
 * The message as small talk, or undefined when it holds anything else ("hi, do you deliver?" is
 * a question). A greeting wins over thanks and thanks over an acknowledgement when a message mixes
 * them ("ok thanks, bye" is a goodbye).
 */
export const smallTalkOf = (text: string, businessName?: string): SmallTalk | undefined => {
  let rest = ` ${normalize(text)} `;
  if (rest.trim() === '' || rest.length > 80) return undefined;
  if (businessName) rest = rest.replaceAll(` ${normalize(businessName)} `, ' ');
  const found: Array<{ kind: SmallTalkKind; language: LanguageCode; at: number }> = [];
  for (const entry of ENTRIES) {
    const needle = ` ${entry.phrase} `;
    let at = rest.indexOf(needle);
    while (at >= 0) {
      found.push({ kind: entry.kind, language: entry.language, at });
      rest = `${rest.slice(0, at)} ${' '.repeat(entry.phrase.length)} ${rest.slice(at + needle.length)}`;
      at = rest.indexOf(needle);
    }
  }
  const leftover = rest.split(' ').filter((w) => w && !FILLER.has(w));
  if (found.length === 0 || leftover.length > 0) return undefined;
  const rank: SmallTalkKind[] = ['goodbye', 'greeting', 'thanks', 'acknowledgement'];
  const kind = rank.find((k) => found.some((f) => f.kind === k))!;
  const first = [...found].sort((a, b) => a.at - b.at)[0]!;
  return { kind, language: first.language };
};
