import type { ChainSnapshot, OptionType } from '../../chain/types.js';
import { splitCsvLine } from '../csv/splitCsvLine.js';
import { type CalendarDate, parseCboeDateField, parseExpirationDate } from './dates.js';
import { CboeChainBuilder, checkFinite, fail, type LegValue } from './legs.js';

export { CBOE_EXPIRY_HOUR, CBOE_MULTIPLIER } from './legs.js';

/** Line 4 of a CBOE delayed-quotes download, exactly: call columns, the strike, put columns. */
export const CBOE_HEADER = [
  'Expiration Date',
  'Calls',
  'Last Sale',
  'Net',
  'Bid',
  'Ask',
  'Volume',
  'IV',
  'Delta',
  'Gamma',
  'Open Interest',
  'Strike',
  'Puts',
  'Last Sale',
  'Net',
  'Bid',
  'Ask',
  'Volume',
  'IV',
  'Delta',
  'Gamma',
  'Open Interest',
] as const;

export interface CboeParseOptions {
  /** file or URL the text came from, carried into the snapshot */
  readonly source: string;
  /** continuously compounded risk-free rate for BSM; default 0 */
  readonly rate?: number;
  /** continuously compounded dividend yield for BSM; default 0 */
  readonly yield?: number;
  /** upper bound for a plausible IV (decimal), passed to admitQuote */
  readonly maxIv?: number;
}

const EXPIRY_COLUMN = 0;
const STRIKE_COLUMN = 11;

/** Column positions (0-based, as in CBOE_HEADER) of one side of a row. */
interface LegColumns {
  readonly side: 'call' | 'put';
  readonly type: OptionType;
  readonly symbolField: 'Calls' | 'Puts';
  readonly symbol: number;
  readonly bid: number;
  readonly ask: number;
  readonly iv: number;
  readonly oi: number;
}

const LEGS: readonly LegColumns[] = [
  { side: 'call', type: 'C', symbolField: 'Calls', symbol: 1, bid: 4, ask: 5, iv: 7, oi: 10 },
  { side: 'put', type: 'P', symbolField: 'Puts', symbol: 12, bid: 15, ask: 16, iv: 18, oi: 21 },
];

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell that must hold a plain decimal number (no empty cells, no `n/a`, no thousands separators). */
function numberCell(text: string, where: string, field: string): number {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) fail(where, field, `${where}: ${field} (${JSON.stringify(text)}) is not a number`);
  return Number(trimmed);
}

/** Line 2, `<index name>,Last: <spot>,Change: <chg>` → spot. */
function parseSpotLine(line: string): number {
  const where = 'line 2';
  const last = splitCsvLine(line, where).find((cell) => /^\s*Last:/i.test(cell));
  if (last === undefined) fail(where, 'Last', `${where}: no "Last: <spot>" field in ${JSON.stringify(line)}`);
  const spot = numberCell(last.replace(/^\s*Last:\s*/i, ''), where, 'Last');
  if (!(spot > 0)) fail(where, 'Last', `${where}: Last (${spot}) must be a positive price`);
  return spot;
}

/** Line 3, `"Date: December 12, 2022 at 8:30 PM EST",Bid: ...` → the snapshot instant. */
function parseDateLine(line: string): number {
  const where = 'line 3';
  const field = splitCsvLine(line, where)[0] ?? '';
  const asOf = parseCboeDateField(field);
  if (typeof asOf !== 'number') fail(where, 'Date', `${where}: Date (${JSON.stringify(field)}) ${asOf.reason}`);
  return asOf;
}

/** Line 4 must be CBOE_HEADER exactly: a moved or renamed column would silently shift every value. */
function checkHeader(line: string): void {
  const where = 'line 4';
  const cells = splitCsvLine(line, where);
  const n = Math.max(cells.length, CBOE_HEADER.length);
  for (let i = 0; i < n; i++) {
    const expected = CBOE_HEADER[i];
    const actual = cells[i];
    if (actual === expected) continue;
    if (expected === undefined) {
      fail(
        where,
        String(actual),
        `${where}: header has ${cells.length} columns, expected ${CBOE_HEADER.length}: extra column ${i + 1} ${JSON.stringify(actual)}`,
      );
    }
    const found = actual === undefined ? 'missing' : JSON.stringify(actual);
    fail(where, expected, `${where}: header column ${i + 1} is ${found}, expected ${JSON.stringify(expected)}`);
  }
}

function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Parses a CBOE delayed-quotes CSV download into a snapshot: line 1 a title (ignored), line 2 the
 * index's last price (spot), line 3 the New York time of the download (asOf), line 4 the header,
 * then one row per expiry and strike giving a call and a put. Every leg goes through admitQuote;
 * anything unreadable (a cut or shifted row, a non-numeric cell, a strike or expiry that the option
 * symbol contradicts, a repeated symbol) raises a ChainInputError naming the line and the field.
 */
export function parseCboeCsv(text: string, opts: CboeParseOptions): ChainSnapshot {
  const rate = opts.rate ?? 0;
  const dividendYield = opts.yield ?? 0;
  checkFinite('rate', rate);
  checkFinite('yield', dividendYield);

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const line = (n: number, what: string): string => {
    const found = lines[n - 1];
    if (found === undefined) fail(`line ${n}`, what, `line ${n}: missing: the file ends before the ${what}`);
    return found;
  };
  const spot = parseSpotLine(line(2, 'index line (Last: <spot>)'));
  const asOf = parseDateLine(line(3, 'date line'));
  checkHeader(line(4, 'header'));
  if (lines.length < 5) fail('line 5', CBOE_HEADER[0], 'line 5: missing: no option rows after the header');

  const chain = new CboeChainBuilder(
    { ...opts, spot, asOf },
    { openInterest: 'Open Interest', iv: 'IV', bid: 'Bid', ask: 'Ask' },
  );
  const expiries = new Map<string, CalendarDate>();

  for (let n = 5; n <= lines.length; n++) {
    const where = `line ${n}`;
    const cells = splitCsvLine(lines[n - 1] as string, where);
    if (cells.length !== CBOE_HEADER.length) {
      const field = CBOE_HEADER[cells.length] ?? `column ${cells.length}`;
      const what = cells.length < CBOE_HEADER.length ? `row cut short: ${field} and later missing` : 'extra fields';
      fail(where, field, `${where}: ${cells.length} fields, expected ${CBOE_HEADER.length} (${what})`);
    }
    const cell = (i: number) => cells[i] as string;

    const expiryText = cell(EXPIRY_COLUMN).trim();
    let date = expiries.get(expiryText);
    if (date === undefined) {
      const parsed = parseExpirationDate(expiryText);
      if ('reason' in parsed)
        fail(where, CBOE_HEADER[0], `${where}: Expiration Date (${JSON.stringify(expiryText)}) ${parsed.reason}`);
      date = parsed;
      expiries.set(expiryText, date);
    }
    const expiry = chain.expiryOf(date);
    const strike = numberCell(cell(STRIKE_COLUMN), where, 'Strike');

    for (const leg of LEGS) {
      const legWhere = `${where} (${leg.side})`;
      const instrument = cell(leg.symbol).trim();
      const occ = chain.symbol(legWhere, leg.symbolField, instrument);
      if (occ.type !== leg.type) {
        fail(legWhere, leg.symbolField, `${legWhere}: ${leg.symbolField} symbol ${instrument} is not a ${leg.side}`);
      }
      if (!sameDate(occ, date)) {
        fail(
          legWhere,
          'Expiration Date',
          `${legWhere}: Expiration Date (${expiryText}) disagrees with symbol ${instrument} (expiry ${isoDate(occ)})`,
        );
      }
      if (Math.abs(strike * 1000 - occ.strikeThousandths) > 1e-6) {
        fail(
          legWhere,
          'Strike',
          `${legWhere}: Strike (${cell(STRIKE_COLUMN)}) disagrees with symbol ${instrument} (strike ${occ.strikeThousandths / 1000})`,
        );
      }
      const column: Record<LegValue, [number, string]> = {
        openInterest: [leg.oi, 'Open Interest'],
        iv: [leg.iv, 'IV'],
        bid: [leg.bid, 'Bid'],
        ask: [leg.ask, 'Ask'],
      };
      chain.add(legWhere, leg.symbolField, instrument, occ, expiry, strike, (value) => {
        const [i, field] = column[value];
        return numberCell(cell(i), legWhere, field);
      });
    }
  }

  return chain.snapshot();
}
