import { TZDate } from '@date-fns/tz';

/** CBOE's pages state New York wall-clock times; EST or EDT follows from the zone rules. */
export const NEW_YORK = 'America/New_York';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface CalendarDate {
  readonly year: number;
  /** 1 to 12 */
  readonly month: number;
  readonly day: number;
}

/** Month number 1–12 from a full English name or its first three letters; 0 if neither. */
export function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m === lower || m.slice(0, 3) === lower);
  return i + 1;
}

function isCalendarDate({ year, month, day }: CalendarDate): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant (epoch ms) of a New York wall-clock time. */
export function newYorkTime(date: CalendarDate, hour: number, minute: number, second = 0): number {
  return new TZDate(date.year, date.month - 1, date.day, hour, minute, second, NEW_YORK).getTime();
}

const DATE_LINE =
  /^Date:\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)(?:\s+([A-Z]+))?\s*$/i;

/** Zone words a New York time may carry; the offset itself always comes from the zone rules. */
const NEW_YORK_ABBREVIATIONS = new Set(['ET', 'EST', 'EDT']);

/**
 * The snapshot instant from the date field of line 3, in either of CBOE's spellings:
 * `Date: December 12, 2022 at 8:30 PM EST` or `Date: February 5 2022, 8:09 PM EST`.
 * Returns a reason string when the text is not such a date.
 */
export function parseCboeDateField(text: string): number | { readonly reason: string } {
  const m = DATE_LINE.exec(text.trim());
  if (m === null) {
    return { reason: 'is not like "Date: December 12, 2022 at 8:30 PM EST" or "Date: February 5 2022, 8:09 PM EST"' };
  }
  const [, monthName = '', dayText = '', yearText = '', hourText = '', minuteText = '', secondText, ampm = '', zone] =
    m;
  const date = { year: Number(yearText), month: monthNumber(monthName), day: Number(dayText) };
  if (!isCalendarDate(date)) return { reason: 'is not a calendar date' };
  const hour12 = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (hour12 < 1 || hour12 > 12 || minute > 59 || second > 59) return { reason: 'is not a 12-hour clock time' };
  if (zone !== undefined && !NEW_YORK_ABBREVIATIONS.has(zone.toUpperCase())) {
    return { reason: `gives time zone ${zone}; only New York time (ET, EST, EDT) is understood` };
  }
  const hour = (hour12 % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  return newYorkTime(date, hour, minute, second);
}

const EXPIRATION = /^([A-Za-z]{3})\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})$/;

/** `Fri Dec 17 2027` → the calendar date; the weekday must agree with the date. */
export function parseExpirationDate(text: string): CalendarDate | { readonly reason: string } {
  const m = EXPIRATION.exec(text.trim());
  if (m === null) return { reason: 'is not like "Fri Dec 17 2027"' };
  const [, weekday = '', monthName = '', dayText = '', yearText = ''] = m;
  const date = { year: Number(yearText), month: monthNumber(monthName), day: Number(dayText) };
  if (!isCalendarDate(date)) return { reason: 'is not a calendar date' };
  const actual = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()];
  if (actual !== weekday.toLowerCase()) return { reason: `names the wrong weekday (the date is a ${actual})` };
  return date;
}
