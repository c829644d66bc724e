/**
 * Whether a business is open now, from the opening hours its owner wrote in the profile
 * ("Mon-Fri 9am-5pm, Sat 10am-2pm", "Monday to Friday from 9:00 to 18:00", "24/7").
 * Hours it cannot read give `undefined`: the caller decides what unknown means.
 */
export const isOpenAt = (hours: string | undefined, date: Date, timeZone = 'UTC'): boolean | undefined => {
  if (!hours?.trim()) return undefined;
  if (/\b24\s*\/\s*7\b|\b24 hours\b|\bopen (all day|always)\b/i.test(hours)) return true;
  const schedule = parseHours(hours);
  if (!schedule) return undefined;
  const { day, minutes } = localTime(date, timeZone);
  return (schedule.get(day) ?? []).some(([open, close]) =>
    close > open ? minutes >= open && minutes < close : minutes >= open || minutes < close,
  );
};

type Schedule = Map<number, Array<[number, number]>>;

const DAY_INDEX: Array<[RegExp, number]> = [
  [/^sun/i, 0],
  [/^mon/i, 1],
  [/^tue/i, 2],
  [/^wed/i, 3],
  [/^thu/i, 4],
  [/^fri/i, 5],
  [/^sat/i, 6],
];
const DAY_WORD =
  '(sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)';
const TIME = '(\\d{1,2})(?:[:.h](\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?';
const TIME_RANGE = new RegExp(`${TIME}\\s*(?:-|–|—|to|until|till)\\s*${TIME}`, 'i');
const DAY_RANGE = new RegExp(`${DAY_WORD}\\.?\\s*(?:-|–|—|to|through|thru)\\s*${DAY_WORD}`, 'gi');
const SINGLE_DAY = new RegExp(`\\b${DAY_WORD}\\b`, 'gi');

const dayOf = (word: string): number => DAY_INDEX.find(([pattern]) => pattern.test(word))![1];

const daysIn = (segment: string): number[] => {
  const days = new Set<number>();
  if (/\b(daily|every ?day|7 days)\b/i.test(segment)) for (let d = 0; d < 7; d++) days.add(d);
  if (/\bweekdays?\b/i.test(segment)) for (let d = 1; d <= 5; d++) days.add(d);
  if (/\bweekends?\b/i.test(segment)) for (const d of [0, 6]) days.add(d);
  const rest = segment.replace(DAY_RANGE, (_m, from: string, to: string) => {
    for (let d = dayOf(from), n = 0; n < 7; d = (d + 1) % 7, n++) {
      days.add(d);
      if (d === dayOf(to)) break;
    }
    return ' ';
  });
  for (const m of rest.matchAll(SINGLE_DAY)) days.add(dayOf(m[1]!));
  return [...days];
};

const minutesOf = (hour: string, minute: string | undefined, meridiem: string | undefined): number => {
  let h = Number(hour) % 24;
  const m = Number(minute ?? 0);
  const ap = meridiem?.replace(/\./g, '').toLowerCase();
  if (ap === 'pm' && h < 12) h += 12;
  if (ap === 'am' && h === 12) h = 0;
  return h * 60 + m;
};

const parseHours = (hours: string): Schedule | undefined => {
  const schedule: Schedule = new Map();
  let pendingDays: number[] = [];
  for (const segment of hours.split(/[;\n]|,(?!\d)|\band\b/i)) {
    const days = daysIn(segment);
    const range = TIME_RANGE.exec(segment);
    if (days.length && /\bclosed\b/i.test(segment)) {
      pendingDays = [];
      continue;
    }
    const open = days.length ? days : pendingDays;
    if (!range) {
      if (days.length) pendingDays = days;
      continue;
    }
    if (!open.length) continue;
    // "9-5" with no am/pm: an afternoon close read as pm.
    const closeMeridiem = range[6] ?? (Number(range[4]) < Number(range[1]) ? 'pm' : undefined);
    const interval: [number, number] = [
      minutesOf(range[1]!, range[2], range[3] ?? range[6]),
      minutesOf(range[4]!, range[5], closeMeridiem),
    ];
    for (const d of open) schedule.set(d, [...(schedule.get(d) ?? []), interval]);
    pendingDays = [];
  }
  return schedule.size ? schedule : undefined;
};

const localTime = (date: Date, timeZone: string): { day: number; minutes: number } => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: dayOf(get('weekday')), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
};
