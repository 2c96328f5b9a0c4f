import type { ChainSnapshot } from '../../chain/types.js';
import { type CalendarDate, newYorkTime } from './dates.js';
import { CboeChainBuilder, fail, type LegValue, legVolume } from './legs.js';
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

interface WallClock {
  readonly date: CalendarDate;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** `2022-12-12 20:30:00` (or with a `T`) → its fields, checked; undefined when it is not one. */
function wallClock(value: unknown): WallClock | undefined {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value.trim()) : null;
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const back = new Date(Date.UTC(year, month - 1, day));
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return { date: { year, month, day }, hour, minute, second };
}

const asUtc = ({ date, hour, minute, second }: WallClock) =>
  Date.UTC(date.year, date.month - 1, date.day, hour, minute, second);
const asNewYork = ({ date, hour, minute, second }: WallClock) => newYorkTime(date, hour, minute, second);

/** The latest `last_trade_time` of the option entries (New York wall clock), epoch ms; undefined if none. */
function latestTrade(list: readonly unknown[]): { at: number; option: string } | undefined {
  let latest: { at: number; option: string } | undefined;
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const clock = wallClock(entry.last_trade_time);
    if (clock === undefined) continue;
    const at = asNewYork(clock);
    if (latest === undefined || at > latest.at) latest = { at, option: String(entry.option) };
  }
  return latest;
}

/**
 * The top-level `timestamp` ("YYYY-MM-DD HH:MM:SS", no zone) is UTC; the options' `last_trade_time`
 * ("YYYY-MM-DDTHH:MM:SS", no zone) is New York wall clock. The evidence, from the payloads' own fields:
 * - last_trade_time is New York: in the real _VIX capture of 2026-05-20 the opening trades carry
 *   09:30:02–09:30:37, the opening of VIX options at 09:30 New York;
 * - timestamp is not New York: the same capture says `2026-05-20 23:02:44`, yet its entries still hold
 *   that day's regular session (volume 63, open 10.25, last trade 12:19:37, change −0.275 against
 *   the previous close): at 23:02 New York the global-trading-hours session of the next day (from
 *   20:15 New York) would be under way. Read as UTC it is 19:02:44 New York, between the 16:15 close and
 *   20:15. A published SPX payload agrees: timestamp 20:34:59 against a last trade at the 16:14:59
 *   close, i.e. 20 minutes after the close in UTC, not 4 h 20 min.
 * The rule is checked on every payload: a trade later than the UTC reading would contradict it, and the
 * New York reading is taken instead (stated); a trade later than both readings is refused.
 */
function parseTimestamp(value: unknown, list: readonly unknown[]): { asOf: number; reading: string } {
  const clock = wallClock(value);
  if (clock === undefined) {
    fail(
      'timestamp',
      'timestamp',
      `timestamp (${JSON.stringify(value)}) is not a date and time like "2022-12-12 20:30:00"`,
    );
  }
  const utc = asUtc(clock);
  const text = JSON.stringify(value);
  const latest = latestTrade(list);
  if (latest === undefined || latest.at <= utc) {
    const after =
      latest === undefined
        ? 'no option carries a last_trade_time to check it against'
        : `the latest last_trade_time (${latest.option}, New York) is ${new Date(latest.at).toISOString()}, before it`;
    return { asOf: utc, reading: `CBOE JSON timestamp ${text} read as UTC (${new Date(utc).toISOString()}); ${after}` };
  }
  const ny = asNewYork(clock);
  if (latest.at > ny) {
    fail(
      'timestamp',
      'timestamp',
      `timestamp (${text}) is before the last trade of ${latest.option} (${new Date(latest.at).toISOString()}) read as UTC or as New York time`,
    );
  }
  return {
    asOf: ny,
    reading: `CBOE JSON timestamp ${text} read as New York time (${new Date(ny).toISOString()}): read as UTC it would precede the last trade of ${latest.option} at ${new Date(latest.at).toISOString()}`,
  };
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
 * the same quotes: spot is `current_price` (else `close`), asOf the UTC `timestamp` (see parseTimestamp), strike,
 * type and expiry come from the OCC symbol, and every leg goes through the same builder
 * (admitQuote drops, duplicates, one underlying). An unreadable entry raises a ChainInputError
 * naming the entry (`options[i] SYMBOL`) and the field.
 */
export function parseCboeDelayedJson(json: unknown, opts: CboeParseOptions): ChainSnapshot {
  if (!isObject(json)) fail('answer', 'data', 'answer is not a JSON object with timestamp and data');
  const data = json.data;
  if (!isObject(data)) fail('data', 'data', `data (${JSON.stringify(data ?? null)}) is not an object`);
  const list = data.options;
  const { asOf, reading } =
    opts.asOf !== undefined
      ? { asOf: opts.asOf, reading: `${new Date(opts.asOf).toISOString()}, given by --as-of` }
      : parseTimestamp(json.timestamp, Array.isArray(list) ? list : []);
  const spot = parseSpot(data);
  if (!Array.isArray(list) || list.length === 0) {
    fail('data.options', 'options', 'data.options: missing or empty: no option entries');
  }
  const chain = new CboeChainBuilder({ ...opts, spot, asOf, asOfReading: reading }, FIELDS);
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
    const expiry = chain.expiryOf(occ, occ.root);
    const read = (value: LegValue) => {
      const field = FIELDS[value];
      const v = entry[field];
      if (v === undefined) fail(where, field, `${where}: ${field} missing`);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail(where, field, `${where}: ${field} (${JSON.stringify(v)}) is not a number`);
      }
      return v;
    };
    chain.add({
      where,
      symbolField: 'option',
      instrument,
      occ,
      expiry,
      strike: occ.strikeThousandths / 1000,
      read,
      volume: legVolume(entry.volume),
    });
  });
  return chain.snapshot();
}
