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
import { type CsvMapping, checkMapping, parseAsOfCell, parseExpiryCell } from './mapping.js';
import { splitCsvLine } from './splitCsvLine.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(message, where, field);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

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
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) fail('line 1', 'header', 'line 1: the file is empty (expected a header line)');
  const headerWhere = `line ${headerAt + 1}`;
  const header = splitCsvLine(lines[headerAt] as string, headerWhere, delimiter).map((h) => h.trim());
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
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    const cells = splitCsvLine(line, where, delimiter);
    if (cells.length !== header.length) {
      fail(where, 'row', `${where}: ${cells.length} fields, the header has ${header.length}`);
    }
    const cell = (field: string) => (cells[index.get(field) as number] as string).trim();
    const number = (field: string) => {
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
    const expiry = parseExpiryCell(cell('expiry'), mapping.expiry);
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
    const admit: AdmitOptions = opts.maxIv === undefined ? { asOf: t0 } : { asOf: t0, maxIv: opts.maxIv };
    const strike = number('strike');
    const ivRaw = cell('iv') === '' ? Number.NaN : number('iv');
    const t = yearsBetween(t0, expiry);
    const forward = index.has('forward') ? number('forward') : model === 'bsm' ? s * Math.exp((rate - yld) * t) : s;
    const name = index.has('instrument')
      ? cell('instrument')
      : `${mapping.underlying}-${isoDay(expiry)}-${strike}-${type}`;
    // the name is printed in tables as it is: no control or bidi characters get that far
    if (!isPrintable(name)) fail(where, 'instrument', `${where}: instrument (${quote(name)}) holds control characters`);
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
    const admitted = admitQuote(option, `${where} (${escapeText(name, 80)})`, admit, dropped);
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
