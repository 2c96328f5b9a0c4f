import { describe, expect, it } from 'vitest';
import { parseTitleDate } from '../../src/sources/cboe/titleDate.js';

const iso = (text: string, earliestExpiry?: { year: number; month: number; day: number }) => {
  const r = parseTitleDate(text, earliestExpiry === undefined ? {} : { earliestExpiry });
  return 'reason' in r ? `refused: ${r.reason}` : new Date(r.asOf).toISOString();
};

describe('parseTitleDate: the spellings browsers give a CBOE download title line', () => {
  // 19:41 New York on 5 April 2023 (EDT, UTC−4) is 23:41 UTC
  const EVENING = '2023-04-05T23:41:00.000Z';
  it.each([
    ['Date: April 5, 2023 at 7:41 PM EDT', EVENING],
    ['Date: April 5, 2023, 7:41 PM EDT', EVENING],
    ['Date: April 5 2023, 7:41 PM EST', EVENING], // EST/EDT/ET: New York's rules give the offset
    ['Date: 5 April 2023, 19:41 UTC\u22124', EVENING], // Unicode minus
    ['Date: 5 April 2023, 19:41 GMT-4', EVENING],
    ['Date: 5 April 2023, 19:41 GMT-04:00', EVENING],
    ['Date: 5 Apr 2023, 7:41 pm ET', EVENING],
    ['Date: 5 April 2023, 7:41 p.m.', EVENING],
    ['Date: 5 April 2023, 7:41 P. M. EDT', EVENING],
    ['Date: Wed Apr 05 2023 19:41:00 GMT-0400 (Eastern Daylight Time)', EVENING],
    ['Date: 2023-04-05T19:41:00-04:00', EVENING],
    ['Date: 2023-04-05 19:41', EVENING], // no zone: New York
    ['Date: 2023-04-05T23:41:00Z', EVENING],
    ['Date: 5 April 2023 19:41 America/New_York', EVENING],
    ['Date: 5 April 2023, 18:41 America/Chicago', EVENING],
    ['Date: 6 April 2023, 01:41 CEST', EVENING],
    ['Date: 6 April 2023, 00:41 UTC+1', EVENING],
    ['Date: 5 avril 2023 à 19:41 UTC−4', EVENING], // French
    ['Datum: 5. April 2023 um 19:41', EVENING], // German
    ['Fecha: 5 de abril de 2023, 7:41 p. m.', EVENING], // Spanish
    ['Date: mié., 5 abr. 2023, 19:41', EVENING], // Spanish short weekday and month
    ['Data: 5 aprile 2023 alle ore 19:41', EVENING], // Italian
    ['Data: 5 de abril de 2023 às 19:41', EVENING], // Portuguese
    ['Datum: 5 april 2023 om 19:41', EVENING], // Dutch
    ['Datum: 5 mrt. 2023 om 19:41', '2023-03-06T00:41:00.000Z'], // Dutch short month, EST in March before the switch
    ['Date: 5 kwietnia 2023 19:41', EVENING], // Polish genitive
    ['Date: 5 апреля 2023 г., 19:41', EVENING], // Russian
    ['Date: 2023年4月5日 19:41', EVENING], // Japanese / Chinese
    ['Date: 2023年4月5日 午後7:41', EVENING],
    ['Date: 19h41, 5 avril 2023', EVENING],
    ['Date: December 12, 2022 at 12:05 AM EST', '2022-12-12T05:05:00.000Z'],
    ['Date: December 12, 2022 at 12:05 PM EST', '2022-12-12T17:05:00.000Z'],
    ['Date: 14/04/2023 19:41', '2023-04-14T23:41:00.000Z'], // day above 12: day-month
    ['Date: 04/14/2023 19:41', '2023-04-14T23:41:00.000Z'], // month-day
    ['Date: 14.04.2023 19:41', '2023-04-14T23:41:00.000Z'],
    ['Date: 14.04.2023 kl. 19.41', '2023-04-14T23:41:00.000Z'], // Danish clock
    ['Dato: 5. april 2023 kl. 19.41', EVENING], // Norwegian
    ['Päivämäärä: 5. huhtikuuta 2023 klo 19.41', EVENING], // Finnish
    ['Date: 5-Apr-2023 19:41', EVENING],
    ['Date: Wednesday, April 5, 2023 at 7:41\u202fPM EDT', EVENING], // narrow no-break space, as Intl prints it
    ['Date: 4/14/23, 7:41 PM', '2023-04-14T23:41:00.000Z'], // two-digit year
  ])('%s → %s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it.each([
    // daylight time ends at 2:00 EDT on 5 November 2023: 1:00–1:59 comes twice, EDT (UTC−4) then EST (UTC−5)
    ['Date: November 5, 2023 at 1:30 AM EDT', '2023-11-05T05:30:00.000Z'],
    ['Date: November 5, 2023 at 1:30 AM EST', '2023-11-05T06:30:00.000Z'],
    ['Date: November 5, 2023 at 1:30 AM ET', '2023-11-05T05:30:00.000Z'],
    ['Date: November 5, 2023 at 2:30 AM EST', '2023-11-05T07:30:00.000Z'],
    ['Date: November 5, 2023 at 12:30 AM EST', '2023-11-05T04:30:00.000Z'], // before the repeat: EDT, as New York's rules say
  ])('reads the hour that repeats when daylight time ends by its zone word: %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('takes 16:15 New York for a date without a time of day, and says so', () => {
    for (const text of ['Date: 5 April 2023', 'Date: 2023-04-05', 'Datum: 5. April 2023', 'Date: April 5, 2023']) {
      const r = parseTitleDate(text);
      if ('reason' in r) throw new Error(r.reason);
      expect([new Date(r.asOf).toISOString(), r.hasTime], text).toEqual(['2023-04-05T20:15:00.000Z', false]);
      expect(r.reading).toContain('no time of day: taken at 16:15 New York');
    }
  });

  it('decides an ambiguous numeric date by the earliest listed expiry, and refuses it without one', () => {
    const apr5 = { year: 2023, month: 4, day: 5 };
    const may4 = { year: 2023, month: 5, day: 4 };
    expect(iso('Date: 05/04/2023 19:41', apr5)).toBe(EVENING_OF(2023, 4, 5));
    expect(iso('Date: 04/05/2023 19:41', apr5)).toBe(EVENING_OF(2023, 4, 5));
    expect(iso('Date: 05/04/2023 19:41', may4)).toBe(EVENING_OF(2023, 5, 4));
    expect(iso('Date: 4/5/2023, 7:41:00 PM', apr5)).toBe(EVENING_OF(2023, 4, 5)); // en-US toLocaleString
    expect(iso('Date: 05/04/2023 19:41')).toMatch(/refused: 05\/04\/2023 could be day-month or month-day .*--as-of/);
    expect(iso('Date: 05/04/2023 19:41', { year: 2023, month: 3, day: 1 })).toMatch(/after the earliest listed expiry/);
    const r = parseTitleDate('Date: 05/04/2023 19:41', { earliestExpiry: apr5 });
    expect('reading' in r && r.reading).toMatch(/day-month: 05\/04\/2023 could be either/);
  });

  it.each([
    ['Date: December 12, 2022 at 8:30 PM XYZ', /time zone XYZ/],
    ['Date: 5 April 2023 7:41 PM Central European Time', /word "Central"/],
    ['Date: February 30 2022, 8:09 PM EST', /not a calendar date/],
    ['Date: 5 April 2023, 13:41 PM', /12-hour clock/],
    ['Date: 5 April 2023, 25:10', /24-hour clock/],
    ['Date: 5 April 2023, 19:41 EDT, 20:41', /2 times of day/],
    ['Date: 5 April 2023, 19:41 UTC+2 EDT', /2 different time zones/],
    ['Date: 5 listopad 2023 19:41', /different months in different languages/],
    ['Date: 19:41', /holds no date/],
    ['Date: April May 5 2023', /names 2 months/],
    ['Date: 5 April 1899 19:41', /outside 1990–2100/],
    ['', /holds no date/],
  ])('refuses %j', (text, reason) => {
    expect(iso(text)).toMatch(reason);
  });
});

describe('parseTitleDate over what Intl prints in many locales', () => {
  const INSTANTS = [Date.UTC(2023, 3, 5, 23, 41), Date.UTC(2023, 0, 9, 19, 5), Date.UTC(2023, 10, 3, 4, 5)];
  const REQUIRED = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'pt-BR', 'pt-PT', 'nl-NL'];
  const OTHERS = [
    'es-MX',
    'sv-SE',
    'da-DK',
    'nb-NO',
    'fi-FI',
    'pl-PL',
    'cs-CZ',
    'ru-RU',
    'uk-UA',
    'tr-TR',
    'ja-JP',
    'zh-CN',
    'ko-KR',
    'el-GR',
    'hu-HU',
    'ro-RO',
    'ca-ES',
    'id-ID',
    'vi-VN',
    'he-IL',
    'en-IN',
    'fr-CA',
    'de-CH',
    'hr-HR',
    'sk-SK',
  ];
  const STYLES = (['full', 'long', 'medium', 'short'] as const).flatMap((dateStyle) =>
    ([undefined, 'short', 'long'] as const).map((timeStyle) => ({ dateStyle, timeStyle })),
  );
  /** the date line a browser in `locale` would print, and the instant it stands for */
  const cases = (locale: string) =>
    INSTANTS.flatMap((ms) =>
      STYLES.map(({ dateStyle, timeStyle }) => {
        const format = new Intl.DateTimeFormat(locale, {
          dateStyle,
          ...(timeStyle ? { timeStyle } : {}),
          timeZone: 'America/New_York',
        });
        const ny = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' })
          .format(ms)
          .split('-')
          .map(Number) as [number, number, number];
        const want = timeStyle ? ms : parseTitleDate(`Date: ${ny.join('-')}`);
        const earliestExpiry = { year: ny[0], month: ny[1], day: ny[2] };
        return {
          text: `Date: ${format.format(ms)}`,
          want: typeof want === 'number' ? want : 'reason' in want ? Number.NaN : want.asOf,
          earliestExpiry,
        };
      }),
    );

  it.each(REQUIRED)('%s: every date and time style reads back to the instant it was printed from', (locale) => {
    for (const { text, want, earliestExpiry } of cases(locale)) {
      const r = parseTitleDate(text, { earliestExpiry });
      expect('reason' in r ? r.reason : new Date(r.asOf).toISOString(), text).toBe(new Date(want).toISOString());
    }
  });

  it('in 25 more locales, reads a line back to its instant or refuses it with a reason, never another instant', () => {
    let read = 0;
    for (const locale of OTHERS) {
      for (const { text, want, earliestExpiry } of cases(locale)) {
        const r = parseTitleDate(text, { earliestExpiry });
        if ('reason' in r) continue;
        expect(new Date(r.asOf).toISOString(), text).toBe(new Date(want).toISOString());
        read++;
      }
    }
    expect(read).toBeGreaterThan(700);
  });
});

function EVENING_OF(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day, 23, 41)).toISOString();
}
