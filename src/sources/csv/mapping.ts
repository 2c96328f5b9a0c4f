import { TZDate } from '@date-fns/tz';
import { ChainInputError } from '../../chain/types.js';

/** How the dates of the expiry column are written. */
export type ExpiryFormat = 'YYYY-MM-DD' | 'YYYYMMDD' | 'MM/DD/YYYY' | 'DD/MM/YYYY' | 'iso' | 'epoch-ms' | 'epoch-s';

/**
 * The column mapping of a generic option-chain CSV (a small JSON file): which column holds what,
 * and the units and time rules the file was written in.
 */
export interface CsvMapping {
  readonly venue: string;
  readonly underlying: string;
  /** snapshot instant, ISO 8601 with its zone (e.g. 2025-11-19T16:00:00-05:00) */
  readonly asOf: string;
  /** spot price; or `columns.spot`, read from the first data row and required equal on every row */
  readonly spot?: number;
  /** Black-76 on a forward (default) or BSM on spot with rate and yield */
  readonly model?: 'black76' | 'bsm';
  readonly rate?: number;
  readonly yield?: number;
  /** one character; default "," */
  readonly delimiter?: string;
  /** numbers written with a decimal comma (47,12); needs a delimiter other than "," */
  readonly decimalComma?: boolean;
  readonly columns: {
    readonly strike: string;
    /** C/P, call/put (any case), or the words given in `typeWords` */
    readonly type: string;
    readonly expiry: string;
    readonly openInterest: string;
    readonly iv: string;
    /** optional: the instrument name; default `<underlying>-<expiry yyyy-mm-dd>-<strike>-<C|P>` */
    readonly instrument?: string;
    /** optional: the expiry's forward; without it, Black-76 uses spot and BSM S·e^{(r−q)t} */
    readonly forward?: string;
    /** optional: spot per row */
    readonly spot?: string;
    /** optional: units of the underlying per contract, per row */
    readonly multiplier?: string;
  };
  readonly typeWords?: { readonly call: readonly string[]; readonly put: readonly string[] };
  readonly expiry: {
    readonly format: ExpiryFormat;
    /** IANA zone of date-only formats (America/New_York, UTC) */
    readonly timeZone?: string;
    /** HH:MM wall-clock time of expiry for date-only formats (16:00 for US equity options, 08:00 UTC for Deribit) */
    readonly time?: string;
  };
  /** `percent` (25 = 25 %) or `decimal` (0.25) */
  readonly ivUnit: 'percent' | 'decimal';
  /** units of the underlying per contract when there is no multiplier column (default 1) */
  readonly multiplier?: number;
}

const FORMATS: readonly ExpiryFormat[] = [
  'YYYY-MM-DD',
  'YYYYMMDD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'iso',
  'epoch-ms',
  'epoch-s',
];
const DATE_ONLY = new Set<ExpiryFormat>(['YYYY-MM-DD', 'YYYYMMDD', 'MM/DD/YYYY', 'DD/MM/YYYY']);

function bad(key: string, rule: string): never {
  throw new ChainInputError(`mapping: ${key} ${rule}`, 'mapping', key);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (o: Record<string, unknown>, key: string, path: string, optional = false): string | undefined => {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') bad(`${path}${key}`, `(${JSON.stringify(v)}) must be a non-empty string`);
  return v;
};

const num = (o: Record<string, unknown>, key: string): number | undefined => {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(key, `(${JSON.stringify(v)}) must be a number`);
  return v;
};

/** Checks a parsed mapping JSON; errors name the key. */
export function checkMapping(value: unknown): CsvMapping {
  if (!isObject(value)) bad('(root)', 'must be a JSON object');
  str(value, 'venue', '');
  str(value, 'underlying', '');
  const asOf = str(value, 'asOf', '') as string;
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(asOf) || !Number.isFinite(Date.parse(asOf))) {
    bad('asOf', `(${asOf}) must be an ISO 8601 instant with its zone, e.g. 2025-11-19T16:00:00-05:00`);
  }
  const spot = num(value, 'spot');
  if (spot !== undefined && !(spot > 0)) bad('spot', `(${spot}) must be a positive price`);
  if (value.model !== undefined && value.model !== 'black76' && value.model !== 'bsm') {
    bad('model', `(${JSON.stringify(value.model)}) must be "black76" or "bsm"`);
  }
  num(value, 'rate');
  num(value, 'yield');
  const delimiter = str(value, 'delimiter', '', true);
  if (delimiter !== undefined && delimiter.length !== 1) bad('delimiter', 'must be one character');
  if (value.decimalComma !== undefined && typeof value.decimalComma !== 'boolean')
    bad('decimalComma', 'must be true or false');
  if (value.decimalComma === true && (delimiter ?? ',') === ',')
    bad('decimalComma', 'needs a delimiter other than ","');
  if (!isObject(value.columns)) bad('columns', 'must be an object naming the columns');
  for (const k of ['strike', 'type', 'expiry', 'openInterest', 'iv']) str(value.columns, k, 'columns.');
  for (const k of ['instrument', 'forward', 'spot', 'multiplier']) str(value.columns, k, 'columns.', true);
  if (spot === undefined && value.columns.spot === undefined) bad('spot', 'is needed (or columns.spot)');
  if (!isObject(value.expiry)) bad('expiry', 'must be {"format": ..., "timeZone": ..., "time": "HH:MM"}');
  const format = value.expiry.format as ExpiryFormat;
  if (!FORMATS.includes(format))
    bad('expiry.format', `(${JSON.stringify(format)}) must be one of ${FORMATS.join(', ')}`);
  if (DATE_ONLY.has(format)) {
    const zone = str(value.expiry, 'timeZone', 'expiry.') as string;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      bad('expiry.timeZone', `(${zone}) is not an IANA time zone`);
    }
    const time = str(value.expiry, 'time', 'expiry.') as string;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) bad('expiry.time', `(${time}) must be HH:MM`);
  }
  if (value.ivUnit !== 'percent' && value.ivUnit !== 'decimal') {
    bad('ivUnit', `(${JSON.stringify(value.ivUnit)}) must be "percent" or "decimal"`);
  }
  const m = num(value, 'multiplier');
  if (m !== undefined && !(m > 0)) bad('multiplier', `(${m}) must be positive`);
  if (value.typeWords !== undefined) {
    const w = value.typeWords;
    if (!isObject(w) || !Array.isArray(w.call) || !Array.isArray(w.put)) {
      bad('typeWords', 'must be {"call": [...], "put": [...]}');
    }
  }
  return value as unknown as CsvMapping;
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
  const patterns: Record<string, [RegExp, (m: RegExpExecArray) => [number, number, number]]> = {
    'YYYY-MM-DD': [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
    YYYYMMDD: [/^(\d{4})(\d{2})(\d{2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
    'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [+m[3]!, +m[1]!, +m[2]!]],
    'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [+m[3]!, +m[2]!, +m[1]!]],
  };
  const [re, parts] = patterns[rule.format]!;
  const m = re.exec(t);
  if (m === null) return { reason: `is not a date written ${rule.format}` };
  const [year, month, day] = parts(m);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    return { reason: 'is not a calendar date' };
  }
  const [hh, mm] = (rule.time as string).split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hh, mm, 0, rule.timeZone as string).getTime();
}
