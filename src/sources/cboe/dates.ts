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
function monthNumber(name: string): number {
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
