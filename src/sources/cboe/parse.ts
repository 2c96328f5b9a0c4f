import type { ChainSnapshot, OptionType } from '../../chain/types.js';
import { readDecimal } from '../csv/decimal.js';
import {
  FieldLocator,
  laidEndToEnd,
  lineAt,
  lineBreak,
  lineStop,
  splitCsvLine,
  splitCsvLineInto,
} from '../csv/splitCsvLine.js';
import { type CalendarDate, parseExpirationDate } from './dates.js';
import {
  CboeChainBuilder,
  type CboeForward,
  type CboeLeg,
  checkFinite,
  fail,
  type LegValue,
  legVolume,
} from './legs.js';
import { OccReader, type OccSymbol } from './symbol.js';
import { parseTitleDate } from './titleDate.js';

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
  /** `implied`: each expiry's forward from put-call parity, priced with Black-76; default `spot` (VIX: always implied) */
  readonly forward?: CboeForward;
  /** the snapshot instant (epoch ms) over the one the download's date line gives */
  readonly asOf?: number;
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
  readonly volume: number;
}

const LEGS: readonly LegColumns[] = [
  { side: 'call', type: 'C', symbolField: 'Calls', symbol: 1, bid: 4, ask: 5, volume: 6, iv: 7, oi: 10 },
  { side: 'put', type: 'P', symbolField: 'Puts', symbol: 12, bid: 15, ask: 16, volume: 17, iv: 18, oi: 21 },
];

/** The columns a row's option legs are read from (the others are checked as CSV, not cut out). */
const READ_COLUMNS: readonly boolean[] = CBOE_HEADER.map(
  (_, i) =>
    i === EXPIRY_COLUMN ||
    i === STRIKE_COLUMN ||
    LEGS.some((l) => [l.symbol, l.bid, l.ask, l.volume, l.iv, l.oi].includes(i)),
);

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell that must hold a plain decimal number (no empty cells, no `n/a`, no thousands separators). */
function numberCell(text: string, where: string, field: string): number {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) fail(where, field, `${where}: ${field} (${JSON.stringify(text)}) is not a number`);
  return Number(trimmed);
}

/** The `Last: <spot>` cell of a title line → spot. */
function parseSpotCell(cell: string, where: string): number {
  const spot = numberCell(cell.replace(/^\s*Last:\s*/i, ''), where, 'Last');
  if (!(spot > 0)) fail(where, 'Last', `${where}: Last (${spot}) must be a positive price`);
  return spot;
}

/**
 * The `Last:` cell, joined with the next one when an unquoted thousands separator split it
 * (`Last: 4,090.38` → `Last: 4` and `090.38`); a bare number after it that is not a thousands group
 * (a decimal comma, `4090,38`) is refused rather than read as a spot cut short.
 */
function lastValue(cells: readonly string[], at: number, where: string): string {
  const cell = cells[at] as string;
  const next = cells[at + 1];
  if (next === undefined || !/^\s*\d+(?:\.\d*)?\s*$/.test(next)) return cell;
  if (/^\s*Last:\s*\d{1,3}\s*$/i.test(cell) && /^\d{3}(?:\.\d*)?$/.test(next.trim()))
    return `${cell.trim()}${next.trim()}`;
  return fail(
    where,
    'Last',
    `${where}: Last (${JSON.stringify(`${cell},${next}`)}) is split by a comma that is neither a thousands separator nor a field separator`,
  );
}

/** a labelled number cell, `Bid: 4061.71` (or `Geld: 4061.71`, the label in the page's language) */
const CELL_LABEL = /^\s*\p{L}[\p{L} ]*:\s*[-+\d.]/u;

/**
 * The date text of a title line: its cells up to the first labelled number (`Bid: 4061.71`), joined again,
 * since an unquoted `Date: 5 April 2023, 19:41 UTC−4` is split by its comma.
 */
function dateText(cells: readonly string[]): string {
  const end = cells.findIndex((c, i) => i > 0 && CELL_LABEL.test(c));
  return (end < 0 ? cells : cells.slice(0, end)).join(',').trim();
}

const HEADER_START = /^\s*"?Expiration Date"?\s*,/;

/**
 * The text with lone-CR line ends (old Mac, some spreadsheet exports) written as LF, as core/lines.ts
 * splitLines reads them; a file whose first CR is part of a CRLF is taken as CRLF (or LF) throughout.
 */
function lineEndsAsLf(text: string): string {
  const cr = text.indexOf('\r');
  return cr < 0 || text.charCodeAt(cr + 1) === 10 ? text : text.replace(/\r\n?/g, '\n');
}

/** Where the text's lines end: trailing line breaks are not lines. Lines break at `\n` or `\r\n`. */
function textEnd(text: string): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) {
    end--;
    if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  }
  return end;
}

/** The lines up to the header (the first line whose first cell is `Expiration Date`), and where the rows start. */
function readHead(text: string, end: number): { readonly lines: readonly string[]; readonly body: number } {
  const lines: string[] = [];
  for (let from = end > 0 ? 0 : -1; from >= 0; ) {
    const { stop, next } = lineAt(text, from, end);
    const line = text.slice(from, stop);
    lines.push(line);
    if (HEADER_START.test(line)) return { lines, body: next };
    from = next;
  }
  return fail(
    'header',
    CBOE_HEADER[0],
    `no header line starting "Expiration Date," in the first ${lines.length} lines`,
  );
}

interface TitleLines {
  readonly spot: number;
  /** where the date may be, in order: the line starting `Date` alone if there is one, else the other title lines */
  readonly dates: readonly { readonly text: string; readonly where: string }[];
  /** true when the first of `dates` is a line starting `Date` */
  readonly prefixed: boolean;
}

/**
 * The title lines above the header, in whatever order and number the download has them: the spot is
 * the `Last:` cell of one of them; the date line is the one starting with `Date` or, when none does
 * (a label in another language), the first other title line that reads as a date, those carrying
 * `Bid:`/`Ask:` cells first. Blank lines are skipped.
 */
function readTitleLines(lines: readonly string[], header: number): TitleLines {
  let spot: number | undefined;
  let date: { text: string; where: string } | undefined;
  const labelled: { text: string; where: string }[] = [];
  const others: { text: string; where: string }[] = [];
  for (let i = 0; i < header; i++) {
    const where = `line ${i + 1}`;
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line, where);
    const at = cells.findIndex((c) => /^\s*Last:/i.test(c));
    if (at >= 0 && spot === undefined) {
      spot = parseSpotCell(lastValue(cells, at, where), where);
      continue;
    }
    const candidate = { text: dateText(cells), where };
    if (date === undefined && /^\s*Date\b/i.test(cells[0] ?? '')) date = candidate;
    else if (cells.some((c) => /^\s*(Bid|Ask):/i.test(c))) labelled.push(candidate);
    else others.push(candidate);
  }
  if (spot === undefined) {
    fail(
      `line ${header}`,
      'Last',
      `no "Last: <spot>" field on the ${header} line(s) above the header (line ${header + 1})`,
    );
  }
  return { spot, dates: date !== undefined ? [date] : [...labelled, ...others], prefixed: date !== undefined };
}

/** The earliest Expiration Date of the rows from `body` on (a hint for a numeric day/month order); undefined if none reads. */
function earliestExpiry(text: string, body: number, end: number): CalendarDate | undefined {
  let best: CalendarDate | undefined;
  const seen = new Set<string>();
  let previous: string | undefined; // the last row's cell as written: rows come grouped by expiry
  for (let from = body; from >= 0; ) {
    const { stop, next } = lineAt(text, from, end);
    const comma = text.indexOf(',', from);
    const cellEnd = comma < 0 || comma > stop ? stop : comma;
    if (previous === undefined || cellEnd - from !== previous.length || !text.startsWith(previous, from)) {
      previous = text.slice(from, cellEnd);
      const cell = previous.replace(/"/g, '').trim();
      if (!seen.has(cell)) {
        seen.add(cell);
        const d = parseExpirationDate(cell);
        if (
          !('reason' in d) &&
          (best === undefined || Date.UTC(d.year, d.month - 1, d.day) < Date.UTC(best.year, best.month - 1, best.day))
        )
          best = d;
      }
    }
    from = next;
  }
  return best;
}

/** The snapshot instant: `--as-of` when given, else the date line, with how it was read. */
function readAsOf(
  title: TitleLines,
  rows: { text: string; body: number; end: number },
  header: number,
  given: number | undefined,
) {
  if (given !== undefined) {
    if (!Number.isFinite(given)) throw new RangeError(`as-of (${given}) must be a timestamp`);
    return { asOf: given, reading: `${new Date(given).toISOString()}, given by --as-of` };
  }
  // the earliest expiry reads every row: only a date line whose day and month could be swapped asks for it
  let earliest: { date: CalendarDate | undefined } | undefined;
  const hint = {
    get earliestExpiry() {
      earliest ??= { date: earliestExpiry(rows.text, rows.body, rows.end) };
      return earliest.date;
    },
  };
  const tried = title.dates.map((date) => ({ date, read: parseTitleDate(date.text, hint) }));
  const found = tried.find((t) => !('reason' in t.read));
  if (found === undefined || 'reason' in found.read) {
    const first = tried[0];
    if (title.prefixed && first !== undefined && 'reason' in first.read) {
      const { where, text } = first.date;
      fail(where, 'Date', `${where}: Date (${JSON.stringify(text)}) ${first.read.reason}`);
    }
    const none = tried.length === 0 ? '' : ` (${tried.map((t) => t.date.where).join(', ')} hold no readable date)`;
    fail(`line ${header}`, 'Date', `no date line above the header (line ${header + 1})${none}: pass --as-of TIME`);
  }
  const { date, read } = found;
  const flag = read.hasTime ? '' : ' (the date line has no time of day; --as-of TIME overrides it)';
  return {
    asOf: read.asOf,
    reading: `${JSON.stringify(date.text)} on ${date.where} read as ${new Date(read.asOf).toISOString()}: ${read.reading}${flag}`,
  };
}

/** The header must be CBOE_HEADER exactly: a moved or renamed column would silently shift every value. */
function checkHeader(line: string, where: string): void {
  const cells = splitCsvLine(line, where);
  const n = Math.max(cells.length, CBOE_HEADER.length);
  for (let i = 0; i < n; i++) {
    const expected = CBOE_HEADER[i];
    const actual = cells[i];
    if (actual === expected) continue;
    if (expected === undefined) {
      if (cells.slice(i).every((c) => c.trim() === '')) break; // trailing empty cells
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

/** True when the character at `at` is printable ASCII (not a space): such a cell needs no trim. */
function printable(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c > 32 && c < 127;
}

function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Line `line`, or one side of it (`side` an index into LEGS, −1 for the row): worded only for a message or a drop. */
function placeText(line: number, side: number): string {
  return side < 0 ? `line ${line}` : `line ${line} (${(LEGS[side] as LegColumns).side})`;
}

/** A leg's place as one number, its line and side (legs are told apart without a string per leg). */
function legPlace(line: number, side: number): number {
  return line * 2 + side;
}

function legPlaceText(place: number): string {
  return placeText(Math.floor(place / 2), place % 2);
}

/**
 * The leg being added, one object refilled per leg: its numbers read in place from its row when the
 * chain asks for them (so a bad cell is named in the order the chain checks them), its `where`
 * worded only when a message or a drop names it. No closure, string or cut-out cell per leg.
 */
class RowLeg implements CboeLeg {
  symbolField = '';
  occ: OccSymbol = new OccReader();
  expiry = 0;
  strike = 0;
  volume: number | undefined = undefined;
  place = 0;
  private text = '';
  private bounds: Int32Array = new Int32Array(0);
  private leg: LegColumns = LEGS[0] as LegColumns;
  private symbolText = '';
  private symbolStart = 0;
  private symbolEnd = 0;

  at(text: string, bounds: Int32Array, leg: LegColumns, place: number): void {
    this.text = text;
    this.bounds = bounds;
    this.leg = leg;
    this.place = place;
  }

  /** The leg's symbol is `text[start, end)`: cut out only for an admitted option or a message. */
  symbolAt(text: string, start: number, end: number): void {
    this.symbolText = text;
    this.symbolStart = start;
    this.symbolEnd = end;
  }

  get instrument(): string {
    return this.symbolText.slice(this.symbolStart, this.symbolEnd);
  }

  get where(): string {
    return legPlaceText(this.place);
  }

  readonly read = (value: LegValue): number => {
    const { leg } = this;
    switch (value) {
      case 'openInterest':
        return this.number(leg.oi, 'Open Interest');
      case 'iv':
        return this.number(leg.iv, 'IV');
      case 'bid':
        return this.number(leg.bid, 'Bid');
      case 'ask':
        return this.number(leg.ask, 'Ask');
    }
  };

  private number(column: number, field: string): number {
    const place = this.place;
    return cellNumber(this.text, this.bounds, column, Math.floor(place / 2), place % 2, field);
  }
}

/** Field `column` of a row located by `bounds` as a number: read in place, else cut out, checked and named. */
function cellNumber(
  text: string,
  bounds: Int32Array,
  column: number,
  line: number,
  side: number,
  field: string,
): number {
  const start = bounds[2 * column] as number;
  const end = bounds[2 * column + 1] as number;
  const value = readDecimal(text, start, end);
  return Number.isNaN(value) ? numberCell(text.slice(start, end), placeText(line, side), field) : value;
}

/** A leg's Volume cell: a number, else none (only `--weight volume` reads it, so it refuses nothing). */
function volumeCell(text: string, bounds: Int32Array, column: number): number | undefined {
  const start = bounds[2 * column] as number;
  const end = bounds[2 * column + 1] as number;
  const value = readDecimal(text, start, end);
  if (!Number.isNaN(value)) return legVolume(value);
  const trimmed = text.slice(start, end).trim();
  return legVolume(NUMBER.test(trimmed) ? Number(trimmed) : undefined);
}

/**
 * True when one of the first `lines` lines of `text` is the header of a CBOE delayed-quotes download
 * (first cell `Expiration Date`): how a folder's chain files are told from its other files.
 */
export function hasCboeHeader(text: string, lines = 16): boolean {
  return text.split(/\r?\n/, lines).some((l) => HEADER_START.test(l.replace(/^\uFEFF/, '')));
}

/**
 * Parses a CBOE delayed-quotes CSV download into a snapshot: title lines (as many as the saving
 * browser wrote, blank or not) giving the index's last price (spot) and the time of the download
 * (asOf, read by parseTitleDate, or `opts.asOf`), the header (found, then checked exactly), then one
 * row per expiry and strike giving a call and a put. Every leg goes through admitQuote;
 * anything unreadable (a cut or shifted row, a non-numeric cell, a strike or expiry that the option
 * symbol contradicts, a repeated symbol) raises a ChainInputError naming the line and the field.
 */
export function parseCboeCsv(text: string, opts: CboeParseOptions): ChainSnapshot {
  const rate = opts.rate ?? 0;
  const dividendYield = opts.yield ?? 0;
  checkFinite('rate', rate);
  checkFinite('yield', dividendYield);

  const body = lineEndsAsLf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const end = textEnd(body);
  const head = readHead(body, end);
  const header = head.lines.length - 1;
  const title = readTitleLines(head.lines, header);
  const { spot } = title;
  checkHeader(head.lines[header] as string, `line ${header + 1}`);
  const first = header + 2;
  if (head.body < 0) fail(`line ${first}`, CBOE_HEADER[0], `line ${first}: missing: no option rows after the header`);
  const { asOf, reading } = readAsOf(title, { text: body, body: head.body, end }, header, opts.asOf);

  const chain = new CboeChainBuilder(
    { ...opts, spot, asOf, asOfReading: reading },
    { openInterest: 'Open Interest', iv: 'IV', bid: 'Bid', ask: 'Ask' },
    legPlaceText,
  );
  const expiries = new Map<string, CalendarDate>();

  const added = new RowLeg();
  const occ = added.occ as OccReader;
  // the last root and expiration date and the expiry instant they give: legs come grouped by both
  let expiryRoot = '';
  let expiryDate: CalendarDate | undefined;
  let expiry = 0;
  // one pass over the rows: each row's fields located by index, its numbers read in place
  const bounds = new Int32Array(2 * CBOE_HEADER.length);
  const locator = new FieldLocator();
  let rawExpiry = ''; // the last row's Expiration Date cell as written, its trimmed text and date
  let expiryText = '';
  let date: CalendarDate | undefined;
  for (let n = first, from = head.body; from >= 0; n++) {
    const nl = lineBreak(body, from, end);
    const stop = lineStop(body, from, nl, end);
    const next = nl < 0 ? -1 : nl + 1;
    let row = body;
    let fields = locator.locate(body, from, stop, bounds);
    if (fields < 0) {
      // a quoted field: split by the full CSV rules, then read like any other row
      const cells: string[] = [];
      fields = splitCsvLineInto(body.slice(from, stop), placeText(n, -1), cells, READ_COLUMNS);
      row = laidEndToEnd(cells, bounds);
    }
    from = next;
    if (fields !== CBOE_HEADER.length) {
      const where = placeText(n, -1);
      const field = CBOE_HEADER[fields] ?? `column ${fields}`;
      const what = fields < CBOE_HEADER.length ? `row cut short: ${field} and later missing` : 'extra fields';
      fail(where, field, `${where}: ${fields} fields, expected ${CBOE_HEADER.length} (${what})`);
    }
    // every download ends its last row with a line end: a file without one was cut inside that row,
    // perhaps inside a number that still reads (1234 cut to 123), so it is refused, not guessed at
    if (from < 0 && end === body.length) {
      const where = placeText(n, -1);
      fail(
        where,
        CBOE_HEADER[CBOE_HEADER.length - 1] as string,
        `${where}: the file ends inside this row, with no line end after it: the download looks cut short`,
      );
    }

    const expiryStart = bounds[2 * EXPIRY_COLUMN] as number;
    const expiryEnd = bounds[2 * EXPIRY_COLUMN + 1] as number;
    if (date === undefined || expiryEnd - expiryStart !== rawExpiry.length || !row.startsWith(rawExpiry, expiryStart)) {
      rawExpiry = row.slice(expiryStart, expiryEnd);
      expiryText = rawExpiry.trim();
      let known = expiries.get(expiryText);
      if (known === undefined) {
        const parsed = parseExpirationDate(expiryText);
        if ('reason' in parsed) {
          const where = placeText(n, -1);
          fail(where, CBOE_HEADER[0], `${where}: Expiration Date (${JSON.stringify(expiryText)}) ${parsed.reason}`);
        }
        known = parsed;
        expiries.set(expiryText, known);
      }
      date = known;
    }
    const strike = cellNumber(row, bounds, STRIKE_COLUMN, n, -1, 'Strike');

    for (let side = 0; side < LEGS.length; side++) {
      const leg = LEGS[side] as LegColumns;
      let symbolText = row;
      let symbolStart = bounds[2 * leg.symbol] as number;
      let symbolEnd = bounds[2 * leg.symbol + 1] as number;
      // a symbol is printable ASCII: a cell that starts or ends otherwise is trimmed as String.trim does
      if (!(symbolStart < symbolEnd && printable(row, symbolStart) && printable(row, symbolEnd - 1))) {
        symbolText = row.slice(symbolStart, symbolEnd).trim();
        symbolStart = 0;
        symbolEnd = symbolText.length;
      }
      if (!occ.read(symbolText, symbolStart, symbolEnd)) {
        chain.symbol(placeText(n, side), leg.symbolField, symbolText.slice(symbolStart, symbolEnd));
      }
      if (occ.type !== leg.type) {
        const where = placeText(n, side);
        const instrument = symbolText.slice(symbolStart, symbolEnd);
        fail(where, leg.symbolField, `${where}: ${leg.symbolField} symbol ${instrument} is not a ${leg.side}`);
      }
      if (!sameDate(occ, date)) {
        const where = placeText(n, side);
        const instrument = symbolText.slice(symbolStart, symbolEnd);
        fail(
          where,
          'Expiration Date',
          `${where}: Expiration Date (${expiryText}) disagrees with symbol ${instrument} (expiry ${isoDate(occ)})`,
        );
      }
      if (Math.abs(strike * 1000 - occ.strikeThousandths) > 1e-6) {
        const where = placeText(n, side);
        const instrument = symbolText.slice(symbolStart, symbolEnd);
        const strikeText = row.slice(bounds[2 * STRIKE_COLUMN], bounds[2 * STRIKE_COLUMN + 1]);
        fail(
          where,
          'Strike',
          `${where}: Strike (${strikeText}) disagrees with symbol ${instrument} (strike ${occ.strikeThousandths / 1000})`,
        );
      }
      if (occ.root !== expiryRoot || date !== expiryDate) {
        expiry = chain.expiryOf(date, occ.root);
        expiryRoot = occ.root;
        expiryDate = date;
      }
      added.at(row, bounds, leg, legPlace(n, side));
      added.symbolField = leg.symbolField;
      added.symbolAt(symbolText, symbolStart, symbolEnd);
      added.expiry = expiry;
      added.strike = strike;
      added.volume = volumeCell(row, bounds, leg.volume);
      chain.add(added);
    }
  }

  return chain.snapshot();
}
