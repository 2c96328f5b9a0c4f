import { TZDate } from '@date-fns/tz';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(ms: number, zone: string): string {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(zone, f);
  }
  return f.format(ms);
}

/** The open instant of the session dated `date` (YYYY-MM-DD): that date at `hhmm` wall clock in `zone`. */
export function sessionOpenAt(date: string, zone: string, hhmm: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new TZDate(y, m - 1, d, hh, mm, 0, zone).getTime();
}

/** The date before `date` (YYYY-MM-DD), by the calendar. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (YYYY-MM-DD). */
export function calendarDays(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** True when `text` is YYYY-MM-DD and a date of the calendar. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/**
 * The session an intraday instant belongs to: the latest session open at or before it. A bar on a
 * date before that date's open (a pre-market print) belongs to the previous date's session.
 */
export function sessionDateOf(ms: number, zone: string, hhmm: string): string {
  const date = localDate(ms, zone);
  return ms >= sessionOpenAt(date, zone, hhmm) ? date : dayBefore(date);
}

export function sessionRuleText(kind: 'daily' | 'intraday', zone: string, hhmm: string, maxGapDays: number): string {
  const open = `a session opens at ${hhmm} ${zone} on its date`;
  const rows =
    kind === 'daily'
      ? 'one row per session (date, open, high, low, close)'
      : 'intraday bars grouped into sessions (a bar belongs to the latest session open at or before its timestamp); a session’s open is its first bar’s open, high and low the extremes of its bars, close its last bar’s close';
  return `${open}; ${rows}; rows must be in time order (unsorted rows and duplicates are refused with their line); a gap of more than ${maxGapDays} calendar days between sessions is reported and the session after it has no previous close`;
}
