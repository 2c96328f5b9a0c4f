import { TZDate } from '@date-fns/tz';
import { isTimeZone } from '../../core/timeZone.js';
import type { CalendarDate } from './dates.js';
import { dateWords, foldWord } from './dateWords.js';

/**
 * The date of a CBOE download's title line, however the saving browser spelled it: day and month
 * in either order, month names in many languages or numbers, 12 h or 24 h clock, a zone word, a
 * UTC offset or none. The rules, in order:
 * - the time of day is `h:mm[:ss]` (or `19h41`, `19.41`), with an optional day period after it (PM, p. m.;
 *   午後 before it);
 * - a numeric date `a/b/c` (`/`, `.` or `-`) is year-month-day when it starts with four digits, else
 *   ends with the year; of `a` and `b` the one above 12 is the day; when both could be either, the
 *   reading on or before the earliest listed expiry and nearest to it wins (a chain lists
 *   expiries from the day of the download on); with no such hint, or when neither qualifies, it is refused;
 * - with a month name, the four-digit number is the year and the other the day;
 * - EST, EDT, ET or no zone: New York wall clock, its offset from New York's rules; a numeric offset
 *   (GMT-4, UTC−4, +01:00) or another zone word (UTC, GMT, Z, CET, CEST, …) is applied exactly;
 * - a date without a time of day is taken at 16:15 New York (after the close of index options) and flagged.
 */

export interface TitleDate {
  /** the instant, epoch ms */
  readonly asOf: number;
  /** false when the line carried a date only and 16:15 New York was taken */
  readonly hasTime: boolean;
  /** how the line was read, in words, for the report's conventions */
  readonly reading: string;
}

export interface TitleDateHint {
  /** the earliest expiration date the download lists: decides a numeric day/month order */
  readonly earliestExpiry?: CalendarDate | undefined;
}

const DATE_ONLY_HOUR = 16;
const DATE_ONLY_MINUTE = 15;
const NEW_YORK = 'America/New_York';

/** Zone words with a fixed offset in minutes east of UTC; `ny` follows New York's rules. */
const ZONE_WORDS: Readonly<Record<string, number | 'ny'>> = {
  et: 'ny',
  est: 'ny',
  edt: 'ny',
  hne: 'ny', // heure normale de l'Est (Canadian French)
  hae: 'ny', // heure avancée de l'Est
  utc: 0,
  gmt: 0,
  ut: 0,
  z: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  mez: 60,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

type Zone =
  | { readonly kind: 'ny'; readonly standard?: boolean }
  | { readonly kind: 'iana'; readonly name: string }
  | { readonly kind: 'offset'; readonly minutes: number; readonly text: string };

export type TitleDateResult = TitleDate | { readonly reason: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** EST, EDT, ET … : New York's rules, the word kept (standard or daylight) to place the hour that repeats. */
function newYorkZone(word: string): Zone {
  if (word === 'est' || word === 'hne') return { kind: 'ny', standard: true };
  if (word === 'edt' || word === 'hae') return { kind: 'ny', standard: false };
  return { kind: 'ny' };
}

/**
 * A New York wall clock as an instant. Its offset comes from New York's rules (a summer `EST` is read as
 * EDT), except in the hour that repeats when daylight time ends (1:00–1:59 on the first Sunday of
 * November): there `EST` is the second, later, reading and `EDT` or no word the first.
 */
function newYorkInstant(date: CalendarDate, hour: number, minute: number, second: number, standard?: boolean): number {
  const first = new TZDate(date.year, date.month - 1, date.day, hour, minute, second, NEW_YORK).getTime();
  if (standard !== true) return first;
  const est = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second) + 5 * 3_600_000;
  const clock = new TZDate(est, NEW_YORK);
  return clock.getHours() === hour && clock.getMinutes() === minute && clock.getDate() === date.day ? est : first;
}
const iso = (d: CalendarDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

function isCalendarDate({ year, month, day }: CalendarDate): boolean {
  return (
    Number.isInteger(year) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
  );
}

function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

const clockText = (_m: string, h: string, mi: string, sec?: string) =>
  `${h}:${mi.padStart(2, '0')}${sec ? `:${sec.padStart(2, '0')}` : ''}`;

/** Unicode minus signs and dashes → `-`, odd spaces → space, CJK date markers → `-`. */
function normalise(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/[\u2212\u2010-\u2015\uFE63\uFF0D]/g, '-')
      .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
      .replace(/(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/g, '$1-$2-$3 ')
      // `7시 41분 0초` (Korean), `19 h 41 min 00 s` (Canadian French) → `7:41:00`
      .replace(/(\d{1,2})\s*시\s*(\d{1,2})\s*분(?:\s*(\d{1,2})\s*초)?/g, clockText)
      .replace(/(\d{1,2})\s*h\s*(\d{2})\s*min(?:\s*(\d{2})\s*s)?\b/g, clockText)
      // spaced numeric dates `5. 4. 2023`, `2023. 04. 05.` → `5.4.2023`
      .replace(/\b(\d{1,4})\.\s+(\d{1,2})\.\s+(\d{1,4})\b\.?/g, '$1.$2.$3')
      .replace(/(\d)T(\d)/g, '$1 $2')
  );
}

const DAY_PERIOD_BEFORE = /(午前|午後|上午|下午|오전|오후|\b[ap]\.?\s?m\.?)\s*$/i;
// `19:41`, `19:41:05`, `19h41`, and `19.41` (Danish, Finnish, Norwegian clocks)
const TIME = /(\d{1,2})\s*(?::|h\s*(?=\d)|\.(?=\d{2}(?!\d)))\s*(\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?/giu;
const NUMERIC_DATE = /(?<![\d:])(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?![\d:])/g;
const OFFSET_AFTER_WORD = /\b(gmt|utc|ut)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)/gi;
const IANA = /\b[A-Z][A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b/g;
const TIME_THEN_OFFSET = /(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(z|[+-]\d{2}:?\d{2})(?![\d:\p{L}])/giu;

interface Scan {
  rest: string;
  zones: Zone[];
}

function takeOffsets(scan: Scan): void {
  scan.rest = scan.rest.replace(TIME_THEN_OFFSET, (_all, time: string, offset: string) => {
    scan.zones.push({ kind: 'offset', minutes: offsetMinutes(offset), text: offset });
    return `${time} `;
  });
  scan.rest = scan.rest.replace(OFFSET_AFTER_WORD, (all, word: string, sign: string, h: string, m?: string) => {
    const minutes = (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(m ?? 0));
    scan.zones.push({ kind: 'offset', minutes, text: all.trim() || word });
    return ' ';
  });
}

function offsetMinutes(text: string): number {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text) as RegExpExecArray;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

interface Clock {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly text: string;
}

function takeTime(scan: Scan): Clock | string | undefined {
  const found = [...scan.rest.matchAll(TIME)];
  if (found.length === 0) return undefined;
  if (found.length > 1) return `has ${found.length} times of day (${found.map((m) => m[0]).join(', ')})`;
  const m = found[0] as RegExpMatchArray;
  const at = m.index ?? 0;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  let before = scan.rest.slice(0, at);
  let after = scan.rest.slice(at + m[0].length);
  let period: number | undefined;
  const lead = DAY_PERIOD_BEFORE.exec(before);
  if (lead !== null) {
    period = /午前|上午|오전|^a/i.test(lead[1] as string) ? 0 : 12;
    before = before.slice(0, lead.index);
  }
  const trail = /^\s*([^\s\d,;()]+(?:\s?[^\s\d,;()]+\.)?)/u.exec(after);
  if (trail !== null && period === undefined) {
    const word = foldWord(trail[1] as string).replace(/[.\s]/g, '');
    const p = dateWords().dayPeriods.get(word);
    if (p !== undefined) {
      period = p;
      after = after.slice(trail[0].length);
    }
  }
  const text = `${m[0]}${period === undefined ? '' : period === 0 ? ' AM' : ' PM'}`;
  if (minute > 59 || second > 59) return `time ${m[0]} is not a clock time`;
  if (period !== undefined) {
    if (hour < 1 || hour > 12) return `time ${m[0]} with a day period is not a 12-hour clock time`;
    hour = (hour % 12) + period;
  } else if (hour > 23) return `time ${m[0]} is not a 24-hour clock time`;
  scan.rest = `${before} ${after}`;
  return { hour, minute, second, text };
}

/** One numeric date `a/b/c`; `order` says how day and month were decided. */
function numericDate(
  a: string,
  b: string,
  c: string,
  hint: TitleDateHint,
): { date: CalendarDate; order: string } | string {
  const text = `${a}/${b}/${c}`;
  if (a.length === 4) {
    const date = { year: Number(a), month: Number(b), day: Number(c) };
    return isCalendarDate(date) ? { date, order: 'year-month-day' } : `${text} is not a calendar date`;
  }
  if (c.length !== 4 && c.length !== 2) return `${text} has no four-digit year`;
  const year = c.length === 2 ? 2000 + Number(c) : Number(c);
  const dm = { year, month: Number(b), day: Number(a) };
  const md = { year, month: Number(a), day: Number(b) };
  const okDm = isCalendarDate(dm);
  const okMd = isCalendarDate(md);
  if (!okDm && !okMd) return `${text} is not a calendar date`;
  if (okDm && !okMd) return { date: dm, order: 'day-month (the first number is above 12)' };
  if (okMd && !okDm) return { date: md, order: 'month-day (the second number is above 12)' };
  if (dm.month === md.month) return { date: dm, order: 'day and month equal' };
  const first = hint.earliestExpiry;
  if (first === undefined) return `${text} could be day-month or month-day and nothing decides it; pass --as-of`;
  const fits = [
    { date: dm, name: 'day-month' },
    { date: md, name: 'month-day' },
  ].filter((x) => daysBetween(x.date, first) >= 0);
  if (fits.length === 0) {
    return `${text} read either way falls after the earliest listed expiry ${iso(first)}; pass --as-of`;
  }
  const best = fits.reduce((x, y) => (daysBetween(y.date, first) < daysBetween(x.date, first) ? y : x));
  return {
    date: best.date,
    order: `${best.name}: ${text} could be either, and ${iso(best.date)} is the reading on or before the earliest listed expiry ${iso(first)} and nearest to it`,
  };
}

/** Parses the text of the date cell(s), `Date:` prefix included or not. */
export function parseTitleDate(original: string, hint: TitleDateHint = {}): TitleDateResult {
  const scan: Scan = { rest: normalise(original).replace(/^\s*[\p{L} ]{1,20}:\s*(?!\d)/u, ' '), zones: [] };
  takeOffsets(scan);
  // the numeric date before the time: `14.04.2023` must not be read as the time 14.04
  let numeric: { date: CalendarDate; order: string } | undefined;
  // `19.41.00` is a clock, not a date: neither order of its first two numbers is a day and a month
  const dates = [...scan.rest.matchAll(NUMERIC_DATE)].filter(
    (m) => (m[1] as string).length === 4 || Number(m[1]) <= 12 || Number(m[3]) <= 12,
  );
  if (dates.length > 1) return { reason: `has ${dates.length} dates (${dates.map((m) => m[0]).join(', ')})` };
  if (dates.length === 1) {
    const m = dates[0] as RegExpMatchArray;
    const read = numericDate(m[1] as string, m[3] as string, m[4] as string, hint);
    if (typeof read === 'string') return { reason: read };
    numeric = read;
    scan.rest = scan.rest.replace(m[0], ' ');
  }
  const clock = takeTime(scan);
  if (typeof clock === 'string') return { reason: clock };

  scan.rest = scan.rest.replace(IANA, (name: string) => {
    if (!isTimeZone(name)) return name;
    scan.zones.push(name === NEW_YORK ? { kind: 'ny' } : { kind: 'iana', name });
    return ' ';
  });
  const explicitOffset = scan.zones.some((z) => z.kind === 'offset');
  const numbers: string[] = [];
  const months: { word: string; month: number }[] = [];
  const known = (w: string) => dateWords().months.has(w) || dateWords().weekdays.has(w);
  // `quarta-feira` is one word, `5-Apr-2023` three
  const tokens = scan.rest
    .split(/[\s,;()[\]|/]+/u)
    .flatMap((t) => (t.includes('-') && !known(foldWord(t)) ? t.split('-') : [t]));
  for (const raw of tokens) {
    if (raw === '') continue;
    const num = /^(\d+)(?:st|nd|rd|th|er|e|º|ª|\.)?$/iu.exec(raw);
    if (num !== null) {
      numbers.push(num[1] as string);
      continue;
    }
    const word = foldWord(raw);
    if (/\d/.test(word)) return { reason: `has an unreadable part ${JSON.stringify(raw)}` };
    const zone = ZONE_WORDS[word];
    if (zone !== undefined) {
      scan.zones.push(zone === 'ny' ? newYorkZone(word) : { kind: 'offset', minutes: zone, text: raw });
      continue;
    }
    const month = dateWords().months.get(word);
    if (month !== undefined) {
      months.push({ word: raw, month });
      continue;
    }
    if (dateWords().ambiguousMonths.has(word)) {
      return { reason: `month ${JSON.stringify(raw)} names different months in different languages` };
    }
    if (dateWords().weekdays.has(word)) continue;
    // an unknown all-capitals word next to a time is most likely a zone: refuse rather than guess it away
    if (/^[A-Z]{2,5}$/.test(raw)) return { reason: `gives time zone ${raw}, which is not understood` };
    // short words are connectors (at, um, à, de, a las, às, om, alle…); a longer unknown word may be a
    // zone's name (Central European Time): refused, unless a numeric offset already fixes the zone
    if (word.length > 4 && !explicitOffset)
      return { reason: `has a word ${JSON.stringify(raw)} that is not a date, time or zone` };
  }
  // a weekday abbreviation may also be a month one (Spanish `mar`): with two months, drop the weekday-like
  const monthsLeft = months.length > 1 ? months.filter((m) => !dateWords().weekdays.has(foldWord(m.word))) : months;

  let date: CalendarDate;
  let order: string;
  if (numeric !== undefined) {
    if (monthsLeft.length > 0 || numbers.length > 0) {
      return {
        reason: `has a numeric date and more date parts (${[...monthsLeft.map((m) => m.word), ...numbers].join(', ')})`,
      };
    }
    ({ date, order } = numeric);
  } else {
    if (monthsLeft.length !== 1) {
      return {
        reason:
          monthsLeft.length === 0
            ? 'holds no date (no month name and no numeric date like 2023-04-05 or 05/04/2023)'
            : `names ${monthsLeft.length} months (${monthsLeft.map((m) => m.word).join(', ')})`,
      };
    }
    const years = numbers.filter((n) => n.length === 4);
    const days = numbers.filter((n) => n.length <= 2);
    if (years.length !== 1 || days.length !== 1 || numbers.length !== 2) {
      return {
        reason: `needs one day and one four-digit year beside the month, found ${numbers.join(', ') || 'none'}`,
      };
    }
    date = { year: Number(years[0]), month: (monthsLeft[0] as { month: number }).month, day: Number(days[0]) };
    order = 'month name';
    if (!isCalendarDate(date))
      return { reason: `${days[0]} ${monthsLeft[0]?.word} ${years[0]} is not a calendar date` };
  }
  if (date.year < 1990 || date.year > 2100) return { reason: `year ${date.year} is outside 1990–2100` };

  const key = (z: Zone) => (z.kind === 'ny' ? 'ny' : z.kind === 'iana' ? z.name : String(z.minutes));
  const distinct = new Map(scan.zones.map((z) => [key(z), z]));
  if (distinct.size > 1) return { reason: `gives ${distinct.size} different time zones` };
  const zone = [...distinct.values()][0] ?? ({ kind: 'ny' } as Zone);

  if (clock === undefined) {
    const asOf = new TZDate(
      date.year,
      date.month - 1,
      date.day,
      DATE_ONLY_HOUR,
      DATE_ONLY_MINUTE,
      0,
      NEW_YORK,
    ).getTime();
    return {
      asOf,
      hasTime: false,
      reading: `${iso(date)} (${order}) with no time of day: taken at 16:15 New York`,
    };
  }
  const { hour, minute, second } = clock;
  const asOf =
    zone.kind === 'offset'
      ? Date.UTC(date.year, date.month - 1, date.day, hour, minute, second) - zone.minutes * 60_000
      : zone.kind === 'ny'
        ? newYorkInstant(date, hour, minute, second, zone.standard)
        : new TZDate(date.year, date.month - 1, date.day, hour, minute, second, zone.name).getTime();
  const where =
    zone.kind === 'ny'
      ? 'New York time'
      : zone.kind === 'iana'
        ? zone.name
        : `${offsetText(zone.minutes)} (${zone.text})`;
  return {
    asOf,
    hasTime: true,
    reading: `${iso(date)} (${order}) ${pad(hour)}:${pad(minute)}:${pad(second)} ${where}`,
  };
}

/**
 * The snapshot instant from the text of a download's date line, in any of the spellings that
 * parseTitleDate reads (`Date: December 12, 2022 at 8:30 PM EST`, `Date: 5 April 2023, 19:41 UTC−4` …).
 * Returns a reason string when the text is not such a date.
 */
export function parseCboeDateField(text: string, hint: TitleDateHint = {}): number | { readonly reason: string } {
  const read = parseTitleDate(text, hint);
  return 'reason' in read ? read : read.asOf;
}
