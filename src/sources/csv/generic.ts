import { readFile } from 'node:fs/promises';
import { type AdmitOptions, admitQuote, assertUniqueInstruments } from '../../chain/admit.js';
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
import { readDecimal } from './decimal.js';
import { type CsvMapping, checkMapping, parseAsOfCell, parseExpiryCell } from './mapping.js';
import { csvFieldBounds, laidEndToEnd, lineAt, splitCsvLine } from './splitCsvLine.js';

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

  constructor(columns: number) {
    this.bounds = new Int32Array(2 * columns);
  }

  /** Locates the fields of `text[from, stop)`; answers how many there are (errors name `where`). */
  read(text: string, from: number, stop: number, where: string, delimiter: string): number {
    const fields = csvFieldBounds(text, from, stop, this.bounds, delimiter);
    if (fields >= 0) {
      this.line = text;
      return fields;
    }
    const cells = splitCsvLine(text.slice(from, stop), where, delimiter);
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
  let expiryDay = { expiry: Number.NaN, day: '' };
  let admit: AdmitOptions | undefined;
  // one pass over the rows: each row's fields located by index, its numbers read in place
  for (let i = headerAt + 1, at = headerLine.next; at >= 0; i++) {
    const { stop, next } = lineAt(body, at, end);
    const lineStart = at;
    at = next;
    if (isBlank(body, lineStart, stop)) continue;
    const where = `line ${i + 1}`;
    const fields = row.read(body, lineStart, stop, where, delimiter);
    if (fields !== header.length) {
      fail(where, 'row', `${where}: ${fields} fields, the header has ${header.length}`);
    }
    const cell = (field: string) => row.text(index.get(field) as number);
    const number = (field: string) => {
      const fast = row.decimal(index.get(field) as number);
      if (!Number.isNaN(fast)) return fast;
      const t = mapping.decimalComma ? cell(field).replace(',', '.') : cell(field);
      if (!NUMBER.test(t)) fail(where, field, `${where}: ${field} (${quote(t)}) is not a number`);
      return Number(t);
    };
    const typeText = cell('type');
    const type: OptionType | undefined = calls.has(typeText.toLowerCase())
      ? 'C'
      : puts.has(typeText.toLowerCase())
        ? 'P'
        : undefined;
    if (type === undefined) {
      fail(
        where,
        'type',
        `${where}: type (${quote(typeText)}) is not one of ${[...calls, ...puts].map((w) => quote(w, 40)).join(', ')}`,
      );
    }
    // an expiry cell is read once per distinct text (rows come grouped by expiry)
    const expiryColumn = index.get('expiry') as number;
    if (expiryRaw === undefined || !row.is(expiryColumn, expiryRaw)) {
      expiryRaw = row.raw(expiryColumn);
      const expiryText = expiryRaw.trim();
      let read = expiries.get(expiryText);
      if (read === undefined) {
        read = parseExpiryCell(expiryText, mapping.expiry);
        expiries.set(expiryText, read);
      }
      expiryRead = read;
    }
    const expiry = expiryRead;
    if (typeof expiry !== 'number') {
      fail(where, 'expiry', `${where}: expiry (${quote(cell('expiry'))}) ${expiry.reason}`);
    }
    checkInstant(where, 'expiry', expiry);
    if (index.has('spot')) {
      const rowSpot = number('spot');
      if (!(rowSpot > 0)) fail(where, 'spot', `${where}: spot (${rowSpot}) must be a positive price`);
      if (spot === undefined) spot = rowSpot;
      else if (rowSpot !== spot) fail(where, 'spot', `${where}: spot (${rowSpot}) differs from the file's ${spot}`);
    }
    if (index.has('asOf')) {
      const text = cell('asOf');
      const rowAsOf = parseAsOfCell(text);
      if (typeof rowAsOf !== 'number') fail(where, 'asOf', `${where}: asOf (${quote(text)}) ${rowAsOf.reason}`);
      checkInstant(where, 'asOf', rowAsOf);
      if (asOf === undefined) asOf = rowAsOf;
      else if (rowAsOf !== asOf) {
        fail(where, 'asOf', `${where}: asOf (${quote(text)}) differs from the file's ${new Date(asOf).toISOString()}`);
      }
    }
    const s = spot as number;
    const t0 = asOf as number;
    if (admit === undefined || admit.asOf !== t0)
      admit = opts.maxIv === undefined ? { asOf: t0 } : { asOf: t0, maxIv: opts.maxIv };
    const strike = number('strike');
    const ivRaw = row.isBlank(index.get('iv') as number) ? Number.NaN : number('iv');
    const t = yearsBetween(t0, expiry);
    const forward = index.has('forward') ? number('forward') : model === 'bsm' ? s * Math.exp((rate - yld) * t) : s;
    if (!index.has('instrument') && expiryDay.expiry !== expiry) expiryDay = { expiry, day: isoDay(expiry) };
    const name = index.has('instrument')
      ? cell('instrument')
      : `${mapping.underlying}-${expiryDay.day}-${strike}-${type}`;
    // the name is printed in tables as it is: no control or bidi characters get that far
    const plain = isPlainAscii(name);
    if (!plain && !isPrintable(name))
      fail(where, 'instrument', `${where}: instrument (${quote(name)}) holds control characters`);
    const option: OptionQuote = {
      instrument: name,
      expiry,
      strike,
      type,
      openInterest: number('openInterest'),
      iv: mapping.ivUnit === 'percent' ? ivRaw / 100 : ivRaw,
      forward,
      multiplier: index.has('multiplier') ? number('multiplier') : (mapping.multiplier ?? 1),
    };
    const shown = plain && name.length <= 80 ? name : escapeText(name, 80);
    const admitted = admitQuote(option, `${where} (${shown})`, admit, dropped);
    if (admitted !== undefined) options.push(admitted);
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
  const [text, mapping] = await Promise.all([readFile(path, 'utf8'), readCsvMapping(mappingPath)]);
  return parseGenericCsv(text, mapping, { source: path });
}
