import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTitleDate } from '../../src/sources/cboe/titleDate.js';

const MIN = Date.UTC(1990, 0, 2);
const MAX = Date.UTC(2100, 11, 30);
/** Whole minutes within 1990–2100: the instants a title line can name. */
const minute = fc.integer({ min: MIN / 60_000, max: MAX / 60_000 }).map((m) => m * 60_000);

/** The New York wall clock of an instant, and its zone word (EST or EDT), as a browser there prints it. */
function newYork(ms: number) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZoneName: 'short',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'dayPeriod' | 'timeZoneName', string>;
}

const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

describe('parseTitleDate, on every minute of 1990–2100 written as real downloads write it', () => {
  it('reads "Date: April 5, 2023 at 7:41 PM EDT" (quoted layout, New York zone word) back to the instant', () => {
    fc.assert(
      fc.property(minute, (ms) => {
        const p = newYork(ms);
        const r = parseTitleDate(
          `Date: ${p.month} ${p.day}, ${p.year} at ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`,
        );
        expect(r).toMatchObject({ asOf: ms, hasTime: true });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads "Date: 5 April 2023, 19:41 UTC−4" (day first, 24 h, Unicode minus offset) and its German spelling back to the instant', () => {
    fc.assert(
      fc.property(minute, fc.integer({ min: -12, max: 14 }), (ms, offsetH) => {
        const wall = new Date(ms + offsetH * 3_600_000);
        const [y, mo, d, h, mi] = [
          wall.getUTCFullYear(),
          wall.getUTCMonth(),
          wall.getUTCDate(),
          wall.getUTCHours(),
          wall.getUTCMinutes(),
        ];
        const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(wall);
        const zone = `UTC${offsetH < 0 ? '\u2212' : '+'}${Math.abs(offsetH)}`;
        const clock = `${h}:${String(mi).padStart(2, '0')}`;
        if (y < 1990 || y > 2100) return;
        expect(parseTitleDate(`Date: ${d} ${month} ${y}, ${clock} ${zone}`)).toMatchObject({ asOf: ms });
        expect(
          parseTitleDate(
            `Datum: ${d}. ${MONTHS_DE[mo]} ${y} um ${clock} GMT${offsetH < 0 ? '-' : '+'}${Math.abs(offsetH)}`,
          ),
        ).toMatchObject({ asOf: ms });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any text, and whatever it reads is an instant within 1990–2100', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^Date: [\d ,./:-]{0,20}(AM|PM|EST|EDT|UTC[+-]\d{1,2})?$/)),
        (text) => {
          const r = parseTitleDate(text);
          if ('asOf' in r) {
            expect(Number.isFinite(r.asOf)).toBe(true);
            expect(r.asOf).toBeGreaterThanOrEqual(Date.UTC(1989, 11, 31));
            expect(r.asOf).toBeLessThan(Date.UTC(2101, 0, 2));
          } else expect(typeof r.reason).toBe('string');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
