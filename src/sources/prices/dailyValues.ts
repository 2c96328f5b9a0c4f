import { ChainInputError } from '../../chain/types.js';
import { quote } from '../../core/escape.js';
import { splitLines } from '../../core/lines.js';
import { splitCsvLine } from '../csv/splitCsvLine.js';
import { isCalendarDate } from './session.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface DailyValue {
  readonly date: string;
  readonly value: number;
}

function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(`${where}: ${message}`, where, field);
}

/**
 * A published daily series (`date,gex`: a date column YYYY-MM-DD and a value column, found by the
 * names `date` and `gex` in any case, or the second of two columns). Rows may come in any order; a
 * date twice, a bad date or a value that is not a finite number is refused with its line.
 */
export function readDailyValues(text: string): DailyValue[] {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) fail('line 1', 'header', 'the file is empty (expected a header line date,gex)');
  const headerWhere = `line ${headerAt + 1}`;
  const header = splitCsvLine(lines[headerAt] as string, headerWhere).map((h) => h.trim().toLowerCase());
  const dateAt = header.indexOf('date');
  let valueAt = header.indexOf('gex');
  if (valueAt < 0 && header.length === 2 && dateAt >= 0) valueAt = 1 - dateAt;
  if (dateAt < 0 || valueAt < 0) fail(headerWhere, 'header', 'expected a date and a gex column');
  const seen = new Map<string, string>();
  const out: DailyValue[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    const cells = splitCsvLine(line, where);
    if (cells.length !== header.length) fail(where, 'row', `${cells.length} fields, the header has ${header.length}`);
    const date = (cells[dateAt] as string).trim();
    const text = (cells[valueAt] as string).trim();
    if (!isCalendarDate(date)) fail(where, 'date', `date (${quote(date)}) is not a calendar date written YYYY-MM-DD`);
    const value = NUMBER.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) fail(where, 'gex', `gex (${quote(text)}) is not a finite number`);
    const before = seen.get(date);
    if (before !== undefined) fail(where, 'date', `date ${date} is a duplicate of ${before}`);
    seen.set(date, where);
    out.push({ date, value });
  }
  return out;
}
