import { readFile } from 'node:fs/promises';
import { type AdmitOptions, admitNumbers, assertUniqueInstruments, checkInstrumentName } from '../../chain/admit.js';
import { checkInstant } from '../../chain/instant.js';
import { parseJsonText } from '../../chain/jsonInput.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import {
  ChainInputError,
  type ChainSnapshot,
  type DroppedRow,
  type OptionQuote,
  type OptionType,
  yearsBetween,
} from '../../chain/types.js';
import { escapeText, isPrintable, quote } from '../../core/escape.js';
import { readTextFile } from '../../core/textFile.js';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../../core/units/instant.js';
import { readDecimal } from './decimal.js';
import { type CsvMapping, checkMapping, parseAsOfCell, parseExpiryCell } from './mapping.js';
import { FieldLocator, laidEndToEnd, lineAt, lineBreak, lineStop, splitCsvLine } from './splitCsvLine.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(message, where, field);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** True when `text[from, stop)` trims to nothing; a line starting with a visible ASCII character is not, without a cut. */
function isBlank(text: string, from: number, stop: number): boolean {
  if (from === stop) return true;
  const c = text.charCodeAt(from);
  if (c > 32 && c < 127) return false;
  return text.slice(from, stop).trim() === '';
}

/** A data row's place in messages, worded only when one names it. */
function lineWords(line: number): string {
  return `line ${line}`;
}

/**
 * Where the row being admitted is, as drops and refusals name it (`line 7 (SPX-2025-06-20-5000-C)`):
 * one object per parse, its text built only for a dropped or refused row.
 */
class RowPlace {
  line = 0;
  name = '';
  plain = true;

  get where(): string {
    const shown = this.plain && this.name.length <= 80 ? this.name : escapeText(this.name, 80);
    return `${lineWords(this.line)} (${shown})`;
  }
}

/** checkInstant's bounds, for a test per row that words no place. */
const EARLIEST = EARLIEST_INSTANT;
const LATEST = LATEST_INSTANT;

/** Printable ASCII only (space to tilde): printable as it is, and escapeText leaves it alone. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/**
 * The fields of the row being read, located in place (a quoted row split by the full CSV rules,
 * then laid end to end): one per parse, so a row costs no array of cut-out cells.
 */
class RowCells {
  private line = '';
  private readonly bounds: Int32Array;
  private readonly locator = new FieldLocator();

  constructor(columns: number) {
    this.bounds = new Int32Array(2 * columns);
  }

  /** Locates the fields of `text[from, stop)`, line `line`; answers how many there are (errors name the line). */
  read(text: string, from: number, stop: number, line: number, delimiter: string): number {
    const fields = this.locator.locate(text, from, stop, this.bounds, delimiter);
    if (fields >= 0) {
      this.line = text;
      return fields;
    }
    const cells = splitCsvLine(text.slice(from, stop), lineWords(line), delimiter);
    this.line = laidEndToEnd(cells, this.bounds);
    return cells.length;
  }

  /** The field as written. */
  raw(column: number): string {
    return this.line.slice(this.bounds[2 * column], this.bounds[2 * column + 1]);
  }

  /** The field trimmed, as the mapping's cells are read. */
  text(column: number): string {
    return this.raw(column).trim();
  }

  /** True when the field is written exactly `written` (no cut made to tell). */
  is(column: number, written: string): boolean {
    const start = this.bounds[2 * column] as number;
    return (this.bounds[2 * column + 1] as number) - start === written.length && this.line.startsWith(written, start);
  }

  /** True when the field trims to nothing. */
  isBlank(column: number): boolean {
    return isBlank(this.line, this.bounds[2 * column] as number, this.bounds[2 * column + 1] as number);
  }

  /** The field read in place as a number (exactly Number's), or NaN when it needs the slow reading. */
  decimal(column: number): number {
    return readDecimal(this.line, this.bounds[2 * column] as number, this.bounds[2 * column + 1] as number);
  }
}

export interface GenericCsvOptions {
  /** file the text came from, carried into the snapshot */
  readonly source: string;
  readonly maxIv?: number;
}

/**
 * Parses an option chain exported as CSV (one option per row, a header line naming the columns)
 * with a column mapping (see CsvMapping). The header must hold every mapped column; each cell is
 * checked and a bad one raises a ChainInputError naming the line and the mapped field (`line 7:
 * iv ("n/a") is not a number`); every row then goes through admitQuote, as CBOE and venue rows do.
 */
export function parseGenericCsv(text: string, mappingValue: unknown, opts: GenericCsvOptions): ChainSnapshot {
  const mapping: CsvMapping = checkMapping(mappingValue);
  // the mapping's instant, or (columns.asOf) the first data row's, required equal on every row
  let asOf = mapping.asOf === undefined ? undefined : checkInstant('mapping', 'asOf', Date.parse(mapping.asOf));
  const delimiter = mapping.delimiter ?? ',';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = body.length;
  // the header: the first line that is not blank
  let from = 0;
  let headerAt = 0;
  for (;;) {
    const { stop, next } = lineAt(body, from, end);
    if (!isBlank(body, from, stop)) break;
    if (next < 0) fail('line 1', 'header', 'line 1: the file is empty (expected a header line)');
    from = next;
    headerAt++;
  }
  const headerLine = lineAt(body, from, end);
  const headerWhere = `line ${headerAt + 1}`;
  const header = splitCsvLine(body.slice(from, headerLine.stop), headerWhere, delimiter).map((h) => h.trim());
  const index = new Map<string, number>();
  for (const [field, column] of Object.entries(mapping.columns)) {
    if (column === undefined) continue;
    const at = header.indexOf(column);
    if (at < 0) {
      fail(headerWhere, field, `${headerWhere}: no column ${quote(column)} (mapped as ${field}) in the header`);
    }
    index.set(field, at);
  }
  const words = mapping.typeWords ?? { call: ['c', 'call'], put: ['p', 'put'] };
  const calls = new Set(words.call.map((w) => w.toLowerCase()));
  const puts = new Set(words.put.map((w) => w.toLowerCase()));
  const model = mapping.model ?? 'black76';
  const rate = mapping.rate ?? 0;
  const yld = mapping.yield ?? 0;
  let spot = mapping.spot;

  const options: OptionQuote[] = [];
  const dropped: DroppedRow[] = [];
  const row = new RowCells(header.length);
  const expiries = new Map<string, number | { reason: string }>();
  let expiryRaw: string | undefined; // the last row's expiry cell as written, and what it read as
  let expiryRead: number | { reason: string } = Number.NaN;
  let expiryChecked = false; // its instant checked: once per change of the cell, on the row it changed
  let expiryDay = { expiry: Number.NaN, day: '' };
  let admit: AdmitOptions | undefined;
  // the columns, looked up once; −1 for an optional one the mapping leaves out
  const column = (field: string) => index.get(field) ?? -1;
  const typeColumn = column('type');
  const expiryColumn = column('expiry');
  const strikeColumn = column('strike');
  const ivColumn = column('iv');
  const oiColumn = column('openInterest');
  const instrumentColumn = column('instrument');
  const forwardColumn = column('forward');
  const spotColumn = column('spot');
  const asOfColumn = column('asOf');
  const multiplierColumn = column('multiplier');
  const decimalComma = mapping.decimalComma === true;
  /** Field `at` of line `line` as a number: read in place, else cut out, checked and named. */
  const number = (at: number, field: string, line: number): number => {
    const fast = row.decimal(at);
    if (!Number.isNaN(fast)) return fast;
    const t = decimalComma ? row.text(at).replace(',', '.') : row.text(at);
    if (!NUMBER.test(t)) {
      const where = lineWords(line);
      fail(where, field, `${where}: ${field} (${quote(t)}) is not a number`);
    }
    return Number(t);
  };
  const typeOf = (text: string): OptionType | undefined => {
    const lower = text.toLowerCase();
    return calls.has(lower) ? 'C' : puts.has(lower) ? 'P' : undefined;
  };
  // the type cells of the last two kinds of row as written (rows alternate calls and puts), and their types
  const typeCache = [
    { raw: '', type: typeOf('') },
    { raw: '', type: typeOf('') },
  ];
  let typeSlot = 0;
  // the forward spot·e^{(r−q)t} of the last expiry, spot and asOf
  let growth = { expiry: Number.NaN, spot: Number.NaN, asOf: Number.NaN, forward: Number.NaN };
  const place = new RowPlace();
  // the numbers admitNumbers judges, one object refilled per row
  const numbers = { strike: 0, openInterest: 0, forward: 0, multiplier: 0, expiry: 0, iv: 0 };
  // one pass over the rows: each row's fields located by index, its numbers read in place
  for (let i = headerAt + 1, at = headerLine.next; at >= 0; i++) {
    const nl = lineBreak(body, at, end);
    const stop = lineStop(body, at, nl, end);
    const lineStart = at;
    at = nl < 0 ? -1 : nl + 1;
    if (isBlank(body, lineStart, stop)) continue;
    const line = i + 1;
    const fields = row.read(body, lineStart, stop, line, delimiter);
    if (fields !== header.length) {
      const where = lineWords(line);
      fail(where, 'row', `${where}: ${fields} fields, the header has ${header.length}`);
    }
    let cached = typeCache[0] as { raw: string; type: OptionType | undefined };
    if (!row.is(typeColumn, cached.raw)) {
      cached = typeCache[1] as { raw: string; type: OptionType | undefined };
      if (!row.is(typeColumn, cached.raw)) {
        cached = typeCache[typeSlot] as { raw: string; type: OptionType | undefined };
        typeSlot ^= 1;
        cached.raw = row.raw(typeColumn);
        cached.type = typeOf(cached.raw.trim());
      }
    }
    const type = cached.type;
    if (type === undefined) {
      const where = lineWords(line);
      fail(
        where,
        'type',
        `${where}: type (${quote(row.text(typeColumn))}) is not one of ${[...calls, ...puts].map((w) => quote(w, 40)).join(', ')}`,
      );
    }
    // an expiry cell is read once per distinct text (rows come grouped by expiry)
    if (expiryRaw === undefined || !row.is(expiryColumn, expiryRaw)) {
      expiryRaw = row.raw(expiryColumn);
      const expiryText = expiryRaw.trim();
      let read = expiries.get(expiryText);
      if (read === undefined) {
        read = parseExpiryCell(expiryText, mapping.expiry);
        expiries.set(expiryText, read);
      }
      expiryRead = read;
      expiryChecked = false;
    }
    const expiry = expiryRead;
    if (typeof expiry !== 'number') {
      const where = lineWords(line);
      fail(where, 'expiry', `${where}: expiry (${quote(row.text(expiryColumn))}) ${expiry.reason}`);
    }
    if (!expiryChecked) {
      checkInstant(lineWords(line), 'expiry', expiry);
      expiryChecked = true;
    }
    if (spotColumn >= 0) {
      const rowSpot = number(spotColumn, 'spot', line);
      if (!(rowSpot > 0))
        fail(lineWords(line), 'spot', `${lineWords(line)}: spot (${rowSpot}) must be a positive price`);
      if (spot === undefined) spot = rowSpot;
      else if (rowSpot !== spot)
        fail(lineWords(line), 'spot', `${lineWords(line)}: spot (${rowSpot}) differs from the file's ${spot}`);
    }
    if (asOfColumn >= 0) {
      const text = row.text(asOfColumn);
      const rowAsOf = parseAsOfCell(text);
      const where = lineWords(line);
      if (typeof rowAsOf !== 'number') fail(where, 'asOf', `${where}: asOf (${quote(text)}) ${rowAsOf.reason}`);
      if (!(Number.isFinite(rowAsOf) && rowAsOf >= EARLIEST && rowAsOf <= LATEST)) checkInstant(where, 'asOf', rowAsOf);
      if (asOf === undefined) asOf = rowAsOf;
      else if (rowAsOf !== asOf) {
        fail(where, 'asOf', `${where}: asOf (${quote(text)}) differs from the file's ${new Date(asOf).toISOString()}`);
      }
    }
    const s = spot as number;
    const t0 = asOf as number;
    if (admit === undefined || admit.asOf !== t0)
      admit = opts.maxIv === undefined ? { asOf: t0 } : { asOf: t0, maxIv: opts.maxIv };
    const strike = number(strikeColumn, 'strike', line);
    const ivRaw = row.isBlank(ivColumn) ? Number.NaN : number(ivColumn, 'iv', line);
    let forward: number;
    if (forwardColumn >= 0) forward = number(forwardColumn, 'forward', line);
    else if (model !== 'bsm') forward = s;
    else {
      if (growth.expiry !== expiry || !Object.is(growth.spot, s) || !Object.is(growth.asOf, t0)) {
        const t = yearsBetween(t0, expiry);
        growth = { expiry, spot: s, asOf: t0, forward: s * Math.exp((rate - yld) * t) };
      }
      forward = growth.forward;
    }
    if (instrumentColumn < 0 && expiryDay.expiry !== expiry) expiryDay = { expiry, day: isoDay(expiry) };
    const name =
      instrumentColumn >= 0 ? row.text(instrumentColumn) : `${mapping.underlying}-${expiryDay.day}-${strike}-${type}`;
    // the name is printed in tables as it is: no control or bidi characters get that far
    const plain = isPlainAscii(name);
    if (!plain && !isPrintable(name)) {
      const where = lineWords(line);
      fail(where, 'instrument', `${where}: instrument (${quote(name)}) holds control characters`);
    }
    const openInterest = number(oiColumn, 'openInterest', line);
    const multiplier = multiplierColumn >= 0 ? number(multiplierColumn, 'multiplier', line) : (mapping.multiplier ?? 1);
    const iv = mapping.ivUnit === 'percent' ? ivRaw / 100 : ivRaw;
    place.line = line;
    place.name = name;
    place.plain = plain;
    // admitQuote's rules: a blank name refused, then the numbers; the quote built only when admitted
    checkInstrumentName(name, place);
    numbers.strike = strike;
    numbers.openInterest = openInterest;
    numbers.forward = forward;
    numbers.multiplier = multiplier;
    numbers.expiry = expiry;
    numbers.iv = iv;
    if (admitNumbers(numbers, place, admit, dropped))
      options.push({ instrument: name, expiry, strike, type, openInterest, iv, forward, multiplier });
  }
  if (asOf === undefined) fail('line 2', 'asOf', 'no data rows to read asOf from');
  if (spot === undefined) fail('line 2', 'spot', 'no data rows to read spot from');
  assertUniqueInstruments(options, opts.source);
  return checkPlausibleChain({
    venue: mapping.venue,
    underlying: mapping.underlying,
    asOf,
    spot,
    model: model === 'bsm' ? { kind: 'bsm', rate, yield: yld } : { kind: 'black76', rate },
    options,
    dropped,
    source: opts.source,
  });
}

/**
 * True when the first non-empty line of `text` names every column `mapping` maps: how a folder's
 * chain files are told from its other files. A header whose quoting is broken counts as one, so
 * the reader refuses the file by line instead of passing over it.
 */
export function headerHoldsMapping(text: string, mapping: CsvMapping): boolean {
  const first = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 64)
    .find((l) => l.trim() !== '');
  if (first === undefined) return false;
  let header: string[];
  try {
    header = splitCsvLine(first, 'line 1', mapping.delimiter ?? ',').map((h) => h.trim());
  } catch {
    return true;
  }
  return Object.values(mapping.columns).every((column) => column === undefined || header.includes(column));
}

/** Reads a mapping JSON file (a byte-order mark is fine); errors name the file and the key. */
export async function readCsvMapping(path: string): Promise<CsvMapping> {
  const text = await readFile(path, 'utf8');
  return checkMapping(parseJsonText(text, { file: path, root: 'mapping' }), path);
}

/** Reads a CSV chain and its mapping from disk. */
export async function readGenericCsv(path: string, mappingPath: string): Promise<ChainSnapshot> {
  const [text, mapping] = await Promise.all([readTextFile(path), readCsvMapping(mappingPath)]);
  return parseGenericCsv(text, mapping, { source: path });
}
