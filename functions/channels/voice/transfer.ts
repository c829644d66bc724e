import { phoneOf } from '../../contracts/messages.js';
import { languageCodeOfSetting } from '../../platform/language-setting.js';
import type { CallProfile } from '../../store/call-profile.js';
import type { TenantProfile } from '../../store/tenants.js';
import { isOpenAt } from './business-hours.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The phone a caller asking for a person is put through to: the business's first confirmed
 * owner contact that is a phone (SMS before WhatsApp), while the business is open by its profile
 * hours. Hours the profile does not state, or states in words we cannot read, do not stop a
 * transfer: the owner's phone still decides whether it is answered.
 */
export const transferTarget = (
  tenant: TenantProfile,
  profile: CallProfile | undefined,
  now = new Date(),
): string | undefined => {
  const phones = tenant.ownerContacts
    .filter((c) => c.confirmed === true && c.provider === 'twilio')
    .sort((a, b) => (a.channel === 'sms' ? -1 : 0) - (b.channel === 'sms' ? -1 : 0))
    .map((c) => phoneOf(c.address))
    .filter((phone) => E164.test(phone));
  if (phones.length === 0) return undefined;
  if (isOpenAt(profile?.hours, now, profile?.timezone ?? 'UTC') === false) return undefined;
  return phones[0];
};

/** ConversationRelay wants a BCP-47 tag; owners write "Spanish" or "es". */
export const speechLanguageOf = (language: string | undefined): string | undefined => {
  if (!language) return undefined;
  if (/^[a-z]{2}(-[A-Z]{2})?$/.test(language))
    return language.length === 2 ? LANGUAGE_TAGS[language] : language;
  const code = languageCodeOfSetting(language);
  return code ? LANGUAGE_TAGS[code] : undefined;
};

const LANGUAGE_TAGS: Record<string, string> = {
  en: 'en-US',
  es: 'es-ES',
  fr: 'fr-FR',
  de: 'de-DE',
  pt: 'pt-BR',
  it: 'it-IT',
};
