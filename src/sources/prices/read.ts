import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../chain/jsonInput.js';
import { ChainInputError } from '../../chain/types.js';
import { escapeText, quote } from '../../core/escape.js';
import { endsWithLineEnd, splitLines } from '../../core/lines.js';
import { splitCsvLine } from '../csv/splitCsvLine.js';
import { type DailyValue, readDailyValues } from './dailyValues.js';
import { fiveMinuteRv } from './fiveMinute.js';
import {
  checkPricesMapping,
  DEFAULT_MAX_GAP_DAYS,
  DEFAULT_SESSION_OPEN,
  DEFAULT_TIME_ZONE,
  type PricesMapping,
} from './mapping.js';
import { calendarDays, isCalendarDate, sessionDateOf, sessionOpenAt, sessionRuleText } from './session.js';
import type { PriceBar, PriceGap, PriceSeries } from './types.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const FIELDS = ['open', 'high', 'low', 'close'] as const;
/** Header names recognised without a mapping (compared trimmed, in any case). */
const DEFAULT_NAMES: Readonly<Record<string, readonly string[]>> = {
  date: ['date'],
  timestamp: ['timestamp'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
};

function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(`${where}: ${message}`, where, field);
}

interface Row {
  readonly where: string;
  /** the row's instant: its session open (daily) or its timestamp (intraday) */
  readonly t: number;
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Column index of each field: from the mapping (exact names), else the default names in any case. */
function columnsOf(header: string[], mapping: PricesMapping, where: string): Map<string, number> {
  const index = new Map<string, number>();
  if (mapping.columns !== undefined) {
    for (const [field, column] of Object.entries(mapping.columns)) {
      const at = header.indexOf(column);
      if (at < 0) fail(where, field, `no column ${quote(column)} (mapped as ${field}) in the header`);
      index.set(field, at);
    }
    return index;
  }
  const lower = header.map((h) => h.toLowerCase());
  for (const [field, names] of Object.entries(DEFAULT_NAMES)) {
    const at = lower.findIndex((h) => names.includes(h));
    if (at >= 0) index.set(field, at);
  }
  // a timestamp column makes the file intraday even when it also has a date column
  if (index.has('timestamp')) index.delete('date');
  if (!index.has('date') && !index.has('timestamp'))
    fail(where, 'date', 'no date or timestamp column in the header (give a mapping: {"columns": {"date": …}})');
  for (const f of FIELDS) {
    if (!index.has(f)) fail(where, f, `no ${f} column in the header (${DEFAULT_NAMES[f]?.join(' or ')}, or a mapping)`);
  }
  return index;
}

/** An intraday timestamp: ISO 8601 with its zone, or epoch ms. */
function parseTimestamp(text: string): number | undefined {
  if (/^\d{10,14}$/.test(text)) return Number(text);
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Reads a price series: daily bars (a `date` column, YYYY-MM-DD) or intraday bars (a `timestamp`
 * column, ISO with zone or epoch ms), with open, high, low and close columns. Without a mapping the
 * columns are found by name (`date,open,high,low,close` or `date,o,h,l,c`, any case). Every bad row
 * is refused with its line and column: a price that is not a positive finite number, high below
 * max(open, close) or low above min(open, close), a row out of time order, a duplicate date or
 * timestamp, a truncated last line. Blank lines are skipped and counted; gaps of more than
 * `maxGapDays` calendar days between sessions are reported (see sessionRuleText).
 */
export function readPrices(text: string, mappingValue: unknown = {}): PriceSeries {
  const mapping = checkPricesMapping(mappingValue);
  const zone = mapping.timeZone ?? DEFAULT_TIME_ZONE;
  const open = mapping.sessionOpen ?? DEFAULT_SESSION_OPEN;
  const maxGapDays = mapping.maxGapDays ?? DEFAULT_MAX_GAP_DAYS;
  const body = text.replace(/^\uFEFF/, '');
  const lines = splitLines(body);
  const endsWithNewline = endsWithLineEnd(body);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) fail('line 1', 'header', 'the file is empty (expected a header line)');
  const headerWhere = `line ${headerAt + 1}`;
  const header = splitCsvLine(lines[headerAt] as string, headerWhere).map((h) => h.trim());
  const index = columnsOf(header, mapping, headerWhere);
  const kind = index.has('timestamp') ? 'intraday' : 'daily';
  const lastNonBlank = lines.findLastIndex((l) => l.trim() !== '');

  const rows: Row[] = [];
  let blankLines = 0;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      if (i < lastNonBlank) blankLines++;
      continue;
    }
    const where = `line ${i + 1}`;
    const cells = splitCsvLine(line, where);
    if (cells.length !== header.length) {
      if (i === lastNonBlank && !endsWithNewline && cells.length < header.length)
        fail(where, 'row', `truncated last line (${cells.length} of the header's ${header.length} fields)`);
      fail(where, 'row', `${cells.length} fields, the header has ${header.length}`);
    }
    const cell = (field: string) => (cells[index.get(field) as number] as string).trim();
    const price = (field: (typeof FIELDS)[number]) => {
      const t = cell(field);
      const x = NUMBER.test(t) ? Number(t) : Number.NaN;
      if (!(Number.isFinite(x) && x > 0)) fail(where, field, `${field} (${quote(t)}) is not a positive finite price`);
      return x;
    };
    const [o, h, l, c] = FIELDS.map(price) as [number, number, number, number];
    if (h < Math.max(o, c)) fail(where, 'high', `high (${h}) is below max(open ${o}, close ${c})`);
    if (l > Math.min(o, c)) fail(where, 'low', `low (${l}) is above min(open ${o}, close ${c})`);
    let t: number;
    let date: string;
    if (kind === 'daily') {
      date = cell('date');
      if (!isCalendarDate(date)) fail(where, 'date', `date (${quote(date)}) is not a calendar date written YYYY-MM-DD`);
      t = sessionOpenAt(date, zone, open);
    } else {
      const stamp = cell('timestamp');
      const ms = parseTimestamp(stamp);
      if (ms === undefined)
        fail(where, 'timestamp', `timestamp (${quote(stamp)}) is not an ISO 8601 instant with its zone or epoch ms`);
      t = ms;
      date = sessionDateOf(ms, zone, open);
    }
    const prev = rows.at(-1);
    if (prev !== undefined && t <= prev.t) {
      const what = kind === 'daily' ? `date ${date}` : `timestamp ${escapeText(cell('timestamp'), 60)}`;
      const field = kind === 'daily' ? 'date' : 'timestamp';
      if (t === prev.t) fail(where, field, `${what} is a duplicate of ${prev.where}`);
      fail(where, field, `${what} is before ${prev.where}'s: rows must be in time order`);
    }
    rows.push({ where, t, date, open: o, high: h, low: l, close: c });
  }
  if (rows.length === 0) fail(`line ${headerAt + 2}`, 'row', 'no price rows after the header');

  const bars = kind === 'daily' ? rows.map(({ where: _, ...bar }) => bar) : sessionsOf(rows, zone, open);
  const gaps: PriceGap[] = [];
  const hasPreviousClose = bars.map((bar, i) => {
    if (i === 0) return false;
    const before = bars[i - 1] as PriceBar;
    const days = calendarDays(before.date, bar.date);
    if (days <= maxGapDays) return true;
    gaps.push({ after: before.date, before: bar.date, calendarDays: days });
    return false;
  });
  return {
    bars,
    hasPreviousClose,
    receipt: {
      kind,
      rows: rows.length,
      sessions: bars.length,
      blankLines,
      gaps,
      maxGapDays,
      timeZone: zone,
      sessionOpen: open,
      sessionRule: sessionRuleText(kind, zone, open, maxGapDays),
    },
  };
}

/** Intraday rows (in time order) grouped into one bar per session date. */
function sessionsOf(rows: readonly Row[], zone: string, open: string): PriceBar[] {
  const out: PriceBar[] = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && (rows[i] as Row).date === (rows[start] as Row).date) continue;
    const members = rows.slice(start, i);
    const first = members[0] as Row;
    const t = sessionOpenAt(first.date, zone, open);
    out.push({
      t,
      date: first.date,
      open: first.open,
      high: members.reduce((h, r) => Math.max(h, r.high), first.high),
      low: members.reduce((l, r) => Math.min(l, r.low), first.low),
      close: (members.at(-1) as Row).close,
      rv5m: fiveMinuteRv(t, first.open, members),
      intradayBars: members.length,
    });
    start = i;
  }
  return out;
}

/** Reads a prices CSV and its optional mapping JSON from disk; errors name the file. */
export async function readPricesFile(path: string, mappingPath?: string): Promise<PriceSeries> {
  const [text, mapping] = await Promise.all([
    readFile(path, 'utf8'),
    mappingPath === undefined
      ? Promise.resolve({})
      : readFile(mappingPath, 'utf8').then((t) =>
          checkPricesMapping(parseJsonText(t, { file: mappingPath, root: 'mapping' }), mappingPath),
        ),
  ]);
  return namingFile(path, () => readPrices(text, mapping));
}

/** Reads a published daily series (`date,gex`) from disk; errors name the file. */
export async function readDailyValuesFile(path: string): Promise<DailyValue[]> {
  const text = await readFile(path, 'utf8');
  return namingFile(path, () => readDailyValues(text));
}

/** Runs a parser, its ChainInputError then naming the file before the line. */
function namingFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ChainInputError)
      throw new ChainInputError(`${escapeText(path, 300)} ${e.message}`, `${path} ${e.where}`, e.field);
    throw e;
  }
}
