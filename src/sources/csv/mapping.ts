import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { checkJson } from '../../chain/jsonInput.js';
import { at } from '../../core/at.js';
import { isPrintable, quote } from '../../core/escape.js';
import { isTimeZone } from '../../core/timeZone.js';

const FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'iso', 'epoch-ms', 'epoch-s'] as const;
const DATE_ONLY: ReadonlySet<string> = new Set(['YYYY-MM-DD', 'YYYYMMDD', 'MM/DD/YYYY', 'DD/MM/YYYY']);

/** How the dates of the expiry column are written. */
export type ExpiryFormat = (typeof FORMATS)[number];

const name = z.string().min(1, 'must be a non-empty string');
// venue and underlying are printed as they are (titles, tables)
const label = name.refine(isPrintable, 'holds control characters');
const isInstant = (t: string) => /(Z|[+-]\d\d:?\d\d)$/.test(t) && Number.isFinite(Date.parse(t));
// rates and yields are fractions here, as everywhere in the library: 4 would be 400 %
const fraction = z.number().refine((x) => Math.abs(x) <= 0.5, {
  error: (i) => `${String(i.input)} would be ${Number(i.input) * 100} %: write a decimal fraction (0.04 for 4 %)`,
});

/**
 * The column mapping of a generic option-chain CSV (a small JSON file): which column holds what,
 * and the units and time rules the file was written in. Unknown keys are refused, so a misspelt
 * one (`"multipler": 100`) cannot be ignored in silence.
 */
const csvMappingSchema = z
  .strictObject({
    venue: label,
    underlying: label,
    /** snapshot instant, ISO 8601 with its zone (e.g. 2025-11-19T16:00:00-05:00); or `columns.asOf` */
    asOf: z
      .string()
      .refine(isInstant, 'must be an ISO 8601 instant with its zone, e.g. 2025-11-19T16:00:00-05:00')
      .optional(),
    /** spot price; or `columns.spot`, read from the first data row and required equal on every row */
    spot: z.number().positive('must be a positive price').optional(),
    /** Black-76 on a forward (default) or BSM on spot with rate and yield */
    model: z.enum(['black76', 'bsm']).optional(),
    rate: fraction.optional(),
    yield: fraction.optional(),
    /** one character; default "," */
    delimiter: z.string().length(1, 'must be one character').optional(),
    /** numbers written with a decimal comma (47,12); needs a delimiter other than "," */
    decimalComma: z.boolean().optional(),
    columns: z.strictObject({
      strike: name,
      /** C/P, call/put (any case), or the words given in `typeWords` */
      type: name,
      expiry: name,
      openInterest: name,
      iv: name,
      /** optional: the instrument name; default `<underlying>-<expiry yyyy-mm-dd>-<strike>-<C|P>` */
      instrument: name.optional(),
      /** optional: the expiry's forward; without it, Black-76 uses spot and BSM S·e^{(r−q)t} */
      forward: name.optional(),
      /** optional: spot per row */
      spot: name.optional(),
      /** optional: the snapshot instant per row (ISO with its zone, or epoch ms), equal on every row */
      asOf: name.optional(),
      /** optional: units of the underlying per contract, per row */
      multiplier: name.optional(),
    }),
    typeWords: z.strictObject({ call: z.array(name).min(1), put: z.array(name).min(1) }).optional(),
    expiry: z.strictObject({
      format: z.enum(FORMATS),
      /** IANA zone of date-only formats (America/New_York, UTC) */
      timeZone: z.string().optional(),
      /** HH:MM wall-clock time of expiry for date-only formats (16:00 for US equity options, 08:00 UTC for Deribit) */
      time: z.string().optional(),
    }),
    /** `percent` (25 = 25 %) or `decimal` (0.25) */
    ivUnit: z.enum(['percent', 'decimal']),
    /** units of the underlying per contract when there is no multiplier column (default 1) */
    multiplier: z.number().positive('must be positive').optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (m.decimalComma === true && (m.delimiter ?? ',') === ',')
      issue(['decimalComma'], 'needs a delimiter other than ","');
    if (m.spot === undefined && m.columns.spot === undefined) issue(['spot'], 'is needed (or columns.spot)');
    if (m.asOf === undefined && m.columns.asOf === undefined) issue(['asOf'], 'is needed (or columns.asOf)');
    if (m.asOf !== undefined && m.columns.asOf !== undefined)
      issue(['columns', 'asOf'], 'excludes the top-level asOf: give one of them');
    if (m.typeWords !== undefined) {
      const calls = new Set(m.typeWords.call.map((w) => w.toLowerCase()));
      const both = m.typeWords.put.find((w) => calls.has(w.toLowerCase()));
      if (both !== undefined) issue(['typeWords', 'put'], `${quote(both)} is also a call word`);
    }
    if (DATE_ONLY.has(m.expiry.format)) {
      const { timeZone, time } = m.expiry;
      if (timeZone === undefined)
        issue(['expiry', 'timeZone'], `is needed with the date-only format ${m.expiry.format}`);
      else if (!isTimeZone(timeZone)) issue(['expiry', 'timeZone'], `${quote(timeZone)} is not an IANA time zone`);
      if (time === undefined) issue(['expiry', 'time'], `is needed with the date-only format ${m.expiry.format}`);
      else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) issue(['expiry', 'time'], `${quote(time)} must be HH:MM`);
    }
  });

export type CsvMapping = z.output<typeof csvMappingSchema>;

/** Checks a parsed mapping JSON; an error names the key (`mapping.expiry.time`) and, when given, the file. */
export function checkMapping(value: unknown, file?: string): CsvMapping {
  return checkJson(value, csvMappingSchema, file === undefined ? { root: 'mapping' } : { file, root: 'mapping' });
}

// an ISO date-time with its zone; a date alone is refused (it would read as UTC midnight, hours off)
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The snapshot instant of one `columns.asOf` cell: ISO 8601 with its zone (`2023-04-05T19:41-04:00`,
 * `…Z`) or epoch ms digits, as the history flags read instants; or a reason it is not one. The bounds
 * (1990–2100) are checked by the caller, so epoch seconds land before 1990 and are refused there.
 */
export function parseAsOfCell(text: string): number | { reason: string } {
  const t = text.trim();
  if (/^\d{1,16}$/.test(t)) return Number(t);
  if (ISO_INSTANT.test(t)) return Date.parse(t.replace(' ', 'T'));
  return { reason: 'is not an ISO 8601 instant with its zone (2023-04-05T19:41-04:00) or epoch ms' };
}

/** The expiry instant of one cell, or a reason it is not one. */
export function parseExpiryCell(text: string, rule: CsvMapping['expiry']): number | { reason: string } {
  const t = text.trim();
  if (rule.format === 'epoch-ms' || rule.format === 'epoch-s') {
    if (!/^\d+(\.\d+)?$/.test(t))
      return { reason: `is not an epoch time in ${rule.format === 'epoch-ms' ? 'ms' : 's'}` };
    return Number(t) * (rule.format === 'epoch-s' ? 1000 : 1);
  }
  if (rule.format === 'iso') {
    const ms = Date.parse(t);
    if (!/(Z|[+-]\d\d:?\d\d)$/.test(t) || !Number.isFinite(ms))
      return { reason: 'is not an ISO 8601 instant with its zone' };
    return ms;
  }
  const patterns: Record<
    Exclude<ExpiryFormat, 'iso' | 'epoch-ms' | 'epoch-s'>,
    [RegExp, (m: RegExpExecArray) => [number, number, number]]
  > = {
    'YYYY-MM-DD': [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => [Number(at(m, 1)), Number(at(m, 2)), Number(at(m, 3))]],
    YYYYMMDD: [/^(\d{4})(\d{2})(\d{2})$/, (m) => [Number(at(m, 1)), Number(at(m, 2)), Number(at(m, 3))]],
    'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [Number(at(m, 3)), Number(at(m, 1)), Number(at(m, 2))]],
    'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [Number(at(m, 3)), Number(at(m, 2)), Number(at(m, 1))]],
  };
  const [re, parts] = patterns[rule.format];
  const m = re.exec(t);
  if (m === null) return { reason: `is not a date written ${rule.format}` };
  const [year, month, day] = parts(m);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    return { reason: 'is not a calendar date' };
  }
  const [hh, mm] = (rule.time as string).split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hh, mm, 0, rule.timeZone as string).getTime();
}
