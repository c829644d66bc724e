import { languageCodeOfSetting } from '../platform/language-setting.js';

/**
 * The languages every fixed reply is written in. A customer writing another one is answered in
 * the business's language (or English); with a model, the model replies in theirs.
 */
export const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/** English names, for the model's instructions. */
export const languageName = (code: LanguageCode): string =>
  ({ en: 'English', es: 'Spanish', pt: 'Portuguese', fr: 'French', de: 'German' })[code];

/** A business's free-text language setting ("Spanish", "es-MX", "Français") as a code we write in. */
export const languageCodeOf = (setting: string | undefined): LanguageCode | undefined => {
  const code = languageCodeOfSetting(setting);
  return LANGUAGES.find((known) => known === code);
};
