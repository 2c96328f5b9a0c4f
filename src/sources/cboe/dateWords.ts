/**
 * Month, weekday and day-period words of many languages, generated once from the runtime's own
 * locale data (Intl.DateTimeFormat) rather than typed in: a download's title line is written in the
 * language of the browser that saved it.
 */

const LOCALES = [
  'en',
  'fr',
  'de',
  'es',
  'it',
  'pt',
  'nl',
  'ca',
  'sv',
  'da',
  'nb',
  'fi',
  'pl',
  'cs',
  'sk',
  'sl',
  'hu',
  'ro',
  'tr',
  'el',
  'ru',
  'uk',
  'bg',
  'lt',
  'lv',
  'et',
  'id',
  'ms',
  'vi',
  'ja',
  'zh',
  'ko',
  'he',
  'ar',
  'hi',
  'th',
  'ga',
  'eu',
  'gl',
  'af',
  'is',
  'sq',
  'sr',
  'mk',
  'hr',
];

/** Lower case, no accents, no trailing dot: `Févr.` → `fevr`. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.+$/, '');
}

function add(map: Map<string, Set<number>>, word: string, value: number): void {
  const key = foldWord(word.trim());
  if (key === '' || /\d/.test(key)) return;
  const set = map.get(key) ?? new Set<number>();
  set.add(value);
  map.set(key, set);
}

function words(
  make: (locale: string) => ReadonlyArray<[Intl.DateTimeFormat, string]>,
  values: readonly [number, Date][],
): Map<string, Set<number>> {
  const map = new Map<string, Set<number>>();
  for (const locale of LOCALES) {
    for (const [format, part] of make(locale)) {
      for (const [value, date] of values) {
        for (const p of format.formatToParts(date)) if (p.type === part) add(map, p.value, value);
      }
    }
  }
  return map;
}

const utc = (y: number, m: number, d: number, h = 12) => new Date(Date.UTC(y, m, d, h));

function monthWords(): Map<string, Set<number>> {
  const months = Array.from({ length: 12 }, (_, i) => [i + 1, utc(2023, i, 15)] as [number, Date]);
  return words((locale) => {
    const f = (o: Intl.DateTimeFormatOptions) => [new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }), 'month'];
    // standalone (month alone) and format forms (with a day: the genitive of Slavic languages, Greek)
    return [
      f({ month: 'long' }),
      f({ month: 'short' }),
      f({ month: 'long', day: 'numeric' }),
      f({ month: 'short', day: 'numeric' }),
    ] as [Intl.DateTimeFormat, string][];
  }, months);
}

function weekdayWords(): Map<string, Set<number>> {
  const days = Array.from({ length: 7 }, (_, i) => [i, utc(2023, 0, 1 + i)] as [number, Date]);
  return words(
    (locale) =>
      (['long', 'short'] as const).map((weekday) => [
        new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' }),
        'weekday',
      ]),
    days,
  );
}

/** 0 for before noon, 12 for after. */
function dayPeriodWords(): Map<string, Set<number>> {
  const map = words(
    (locale) => [[new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' }), 'dayPeriod']],
    [
      [0, utc(2023, 0, 2, 9)],
      [12, utc(2023, 0, 2, 15)],
    ],
  );
  for (const [w, v] of [
    ['am', 0],
    ['pm', 12],
  ] as const)
    add(map, w, v);
  return map;
}

/** A word that names one value only; a word two locales give different values is left out (ambiguous). */
function unambiguous(map: Map<string, Set<number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, set] of map) if (set.size === 1) out.set(word, [...set][0] as number);
  return out;
}

export interface DateWords {
  /** folded month name or abbreviation → 1–12 */
  readonly months: ReadonlyMap<string, number>;
  /** month words that different languages give different months (Croatian and Czech `listopad`) */
  readonly ambiguousMonths: ReadonlySet<string>;
  /** folded weekday names (ignored, the date decides the weekday) */
  readonly weekdays: ReadonlySet<string>;
  /** folded day-period words with dots and spaces removed (`p. m.` → `pm`) → 0 or 12 */
  readonly dayPeriods: ReadonlyMap<string, number>;
}

let tables: DateWords | undefined;

/** The word tables, built on first use (a few thousand Intl calls: not paid by runs that read no CBOE file). */
export function dateWords(): DateWords {
  if (tables === undefined) {
    const monthSets = monthWords();
    tables = {
      months: unambiguous(monthSets),
      ambiguousMonths: new Set([...monthSets].filter(([, set]) => set.size > 1).map(([w]) => w)),
      weekdays: new Set(weekdayWords().keys()),
      dayPeriods: new Map([...unambiguous(dayPeriodWords())].map(([w, v]) => [w.replace(/[.\s]/g, ''), v] as const)),
    };
  }
  return tables;
}
