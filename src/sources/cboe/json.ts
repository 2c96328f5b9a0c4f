import type { ChainSnapshot } from '../../chain/types.js';
import { newYorkTime } from './dates.js';
import { CboeChainBuilder, fail, type LegValue } from './legs.js';
import type { CboeParseOptions } from './parse.js';

/** The JSON field of an option entry holding each number the chain needs. */
const FIELDS: Readonly<Record<LegValue, string>> = {
  openInterest: 'open_interest',
  iv: 'iv',
  bid: 'bid',
  ask: 'ask',
};

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `2022-12-12 20:30:00`, New York wall-clock time → the instant. */
function parseTimestamp(value: unknown): number {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value.trim()) : null;
  if (m === null) {
    fail('timestamp', 'timestamp', `timestamp (${JSON.stringify(value)}) is not like "2022-12-12 20:30:00"`);
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asOf = newYorkTime({ year, month, day }, hour, minute, second);
  const back = new Date(Date.UTC(year, month - 1, day));
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    fail('timestamp', 'timestamp', `timestamp (${JSON.stringify(value)}) is not a date and time`);
  }
  return asOf;
}

/** `data.current_price`, or `data.close` when the current price is missing or 0. */
function parseSpot(data: Record<string, unknown>): number {
  for (const field of ['current_price', 'close']) {
    const v = data[field];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  }
  return fail(
    'data',
    'current_price',
    `data.current_price (${JSON.stringify(data.current_price ?? null)}) and data.close are not positive prices`,
  );
}

/**
 * Parses CBOE's delayed-quotes JSON for one symbol (`{timestamp, data: {current_price, close,
 * options: [{option, bid, ask, iv, open_interest, …}]}}`) into the snapshot the CSV reader gives for
 * the same quotes: spot is `current_price` (else `close`), asOf the New York `timestamp`, strike,
 * type and expiry come from the OCC symbol, and every leg goes through the same builder
 * (admitQuote drops, duplicates, one underlying). An unreadable entry raises a ChainInputError
 * naming the entry (`options[i] SYMBOL`) and the field.
 */
export function parseCboeDelayedJson(json: unknown, opts: CboeParseOptions): ChainSnapshot {
  if (!isObject(json)) fail('answer', 'data', 'answer is not a JSON object with timestamp and data');
  const asOf = parseTimestamp(json.timestamp);
  const data = json.data;
  if (!isObject(data)) fail('data', 'data', `data (${JSON.stringify(data ?? null)}) is not an object`);
  const spot = parseSpot(data);
  const list = data.options;
  if (!Array.isArray(list) || list.length === 0) {
    fail('data.options', 'options', 'data.options: missing or empty: no option entries');
  }
  const chain = new CboeChainBuilder({ ...opts, spot, asOf }, FIELDS);
  list.forEach((entry: unknown, i: number) => {
    const at = `options[${i}]`;
    if (!isObject(entry)) fail(at, 'option', `${at}: not an object`);
    const instrument = typeof entry.option === 'string' ? entry.option.trim() : '';
    const where = instrument === '' ? at : `${at} ${instrument}`;
    if (instrument === '') fail(where, 'option', `${where}: option (${JSON.stringify(entry.option ?? null)}) missing`);
    const occ = chain.symbol(where, 'option', instrument);
    const day = new Date(Date.UTC(occ.year, occ.month - 1, occ.day));
    if (day.getUTCMonth() !== occ.month - 1 || day.getUTCDate() !== occ.day) {
      fail(where, 'option', `${where}: option symbol ${instrument} names no calendar date`);
    }
    const expiry = chain.expiryOf(occ);
    chain.add(where, 'option', instrument, occ, expiry, occ.strikeThousandths / 1000, (value) => {
      const field = FIELDS[value];
      const v = entry[field];
      if (v === undefined) fail(where, field, `${where}: ${field} missing`);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail(where, field, `${where}: ${field} (${JSON.stringify(v)}) is not a number`);
      }
      return v;
    });
  });
  return chain.snapshot();
}
