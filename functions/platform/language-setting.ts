/**
 * A business's free-text language setting ("Spanish", "es-MX", "Français", "deutsch") read as an
 * ISO 639-1 code. One table for every reader of the setting: the answer engine, the media replies
 * and the voice of a call each keep only the languages they can speak.
 */
const NAMES: Record<string, readonly string[]> = {
  en: ['english', 'inglés', 'ingles', 'anglais', 'englisch', 'inglese', 'inglês'],
  es: ['spanish', 'español', 'espanol', 'castellano', 'espagnol', 'spanisch', 'spagnolo', 'espanhol'],
  pt: ['portuguese', 'português', 'portugues', 'portugais', 'portugiesisch', 'portoghese'],
  fr: ['french', 'français', 'francais', 'francés', 'frances', 'französisch', 'francese', 'francês'],
  de: ['german', 'deutsch', 'alemán', 'aleman', 'allemand', 'tedesco', 'alemão'],
  it: ['italian', 'italiano', 'italien', 'italienisch'],
};

const CODE_BY_NAME = new Map(
  Object.entries(NAMES).flatMap(([code, names]) => [
    [code, code] as const,
    ...names.map((n) => [n, code] as const),
  ]),
);

/**
 * The code of a language setting, or undefined when it names no language we know. Only the
 * first word counts, so "Spanish (Mexico)" and "es_MX" both read as `es`.
 */
export const languageCodeOfSetting = (setting: string | undefined): string | undefined => {
  const key =
    setting
      ?.trim()
      .toLowerCase()
      .split(/[-_\s(]/)[0] ?? '';
  return CODE_BY_NAME.get(key);
};
