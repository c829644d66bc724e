/**
 * Turns a chat answer into something a text-to-speech voice can say well: no links, no
 * markdown, no emoji, phone numbers read digit by digit, times, ranges and abbreviations said
 * the way a person would, and short enough to listen to.
 *
 * @example
 * toSpeech('**Open** Mon-Fri 9am-5pm. Call +1 555 123 4567 or see https://x.com')
 * // 'Open Monday to Friday 9 a.m. to 5 p.m. Call 1, 5 5 5, 1 2 3, 4 5 6 7.'
 */
export const toSpeech = (text: string, maxChars = VOICE_MAX_CHARS): string => {
  let s = text;
  s = s.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ');
  s = s.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  s = s.replace(LINK, ' ');
  s = s.replace(/```[\s\S]*?```/g, ' ');
  s = s.replace(/[`*_~]+/g, '');
  s = s.replace(/^\s{0,3}(#{1,6}|>|[-+•]|\d+[.)])\s+/gm, '');
  s = s.replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '');
  s = s.replace(/\b24\s*\/\s*7\b/g, '24 hours a day, 7 days a week');
  s = s.replace(PHONE_NUMBER, (phone) => spellPhone(phone));
  s = s.replace(
    /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\b\.?/gi,
    (_m, h: string, min: string | undefined, ap: string) =>
      `${Number(h)}${min && min !== '00' ? `:${min}` : ''} ${ap.toLowerCase()}.m.`,
  );
  s = s.replace(
    /(?<![\d/-])(\d{1,3}(?:[.:]\d{2})?(?:\s[ap]\.m\.)?)\s*[-–—]\s*(?=\d{1,3}(?![\d/-]))/g,
    '$1 to ',
  );
  s = s.replace(DAY_RANGE, (_m, from: string, to: string) => `${dayName(from)} to ${dayName(to)}`);
  s = s.replace(DAY, (day: string) => dayName(day));
  s = s.replace(/\s*&\s*/g, ' and ');
  // Chat replies invite a typed answer; a caller answers by voice.
  s = s.replace(/\b(?:reply|send|text|type) (?=["“']?yes\b)/gi, (verb) =>
    /^[A-Z]/.test(verb) ? 'Say ' : 'say ',
  );
  s = s.replace(/\s*\n+\s*/g, '. ');
  s = s
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/([.!?])\.+/g, '$1');
  s = s.trim();
  return shorten(s && !/[.!?]$/.test(s) ? `${s}.` : s, maxChars);
};

/** About twenty seconds of speech: a caller cannot skim. */
export const VOICE_MAX_CHARS = 420;

/** `+1 555 123 4567`, `(555) 123-4567`, `555-123-4567`: seven or more digits with separators. */
const PHONE_NUMBER = /(?<![\w.])\+?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{2,4}\)?){2,5}(?!\w|\.\d)/g;

/** A URL, with the words that point at it ("see", "visit us at"), which make no sense spoken. */
const LINK =
  /(?:\s*(?:\bor\s+)?(?:\bsee|\bvisit(?:\s+us)?(?:\s+at)?|\bgo\s+to|\bcheck(?:\s+out)?|\bat|\bon)\s*:?)?\s*<?\b(?:https?:\/\/|www\.)[^\s>)]+>?/gi;

const spellPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7 || /^\d{4}-\d{2}-\d{2}$/.test(phone)) return phone;
  const groups = phone
    .replace(/[^\d\s.-]/g, ' ')
    .split(/[\s.-]+/)
    .filter(Boolean);
  return groups.map((g) => g.split('').join(' ')).join(', ');
};

const DAYS: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  tues: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  thur: 'Thursday',
  thurs: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const DAY_ABBREVIATION = '(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)';
const DAY_RANGE = new RegExp(`\\b${DAY_ABBREVIATION}\\.?\\s*[-–—]\\s*${DAY_ABBREVIATION}\\b\\.?`, 'g');
const DAY = new RegExp(`\\b${DAY_ABBREVIATION}\\b\\.?`, 'g');
const dayName = (abbreviation: string): string => DAYS[abbreviation.toLowerCase()] ?? abbreviation;

/** Whole sentences up to `maxChars`; a single long sentence is cut at a word. */
const shorten = (text: string, maxChars: number): string => {
  if (text.length <= maxChars) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? [text];
  let out = '';
  for (const sentence of sentences) {
    const next = `${out} ${sentence.trim()}`.trim();
    if (next.length > maxChars) break;
    out = next;
  }
  if (out) return out;
  const cut = text.slice(0, maxChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trim()}.`;
};
