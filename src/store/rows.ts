/** Column mapping shared by the engines: one row per snapshot, one row per option. */
import { z } from 'zod';
import {
  type ChainSnapshot,
  DROP_REASONS,
  type DroppedRow,
  type OptionQuote,
  type PricingModel,
} from '../chain/types.js';
import { escapeText } from '../core/escape.js';
import { headOf, isPacked, optionCountOf } from './packedRecord.js';
import {
  type SnapshotMeta,
  type SnapshotPins,
  type StoredPins,
  StoreError,
  type SummaryPoint,
  type WritableRecord,
} from './types.js';

export const SNAPSHOT_COLUMNS = [
  'venue',
  'underlying',
  'as_of',
  'spot',
  'source',
  'model_kind',
  'rate',
  'dividend_yield',
  'dropped',
  'option_count',
  'net_gex',
  'call_gex',
  'put_gex',
  'regime',
  'flips',
  'nearest_flip',
  'distance_to_flip_pct',
  'call_wall',
  'put_wall',
  /** JSON SnapshotPins, null when stored without them (added after the first layouts, so last) */
  'pins',
] as const;

/** The columns summaryOf reads: a listing of summaries leaves out `dropped` (often the largest by far) and `pins`. */
export const SUMMARY_COLUMNS = [
  'venue',
  'underlying',
  'as_of',
  'spot',
  'option_count',
  'net_gex',
  'call_gex',
  'put_gex',
  'regime',
  'flips',
  'nearest_flip',
  'distance_to_flip_pct',
  'call_wall',
  'put_wall',
] as const satisfies readonly (typeof SNAPSHOT_COLUMNS)[number][];

export const OPTION_COLUMNS = [
  'venue',
  'underlying',
  'as_of',
  'instrument',
  'expiry',
  'strike',
  'option_type',
  'open_interest',
  'iv',
  'forward',
  'multiplier',
  'mark_price',
  /** the option's place in its snapshot (0, 1 …), so that it reads back in the order written; null in rows stored before it */
  'ordinal',
] as const;

export type SqlValue = string | number | null;

/** The one row a query always returns (a count, a max, one write's outcome); none means the store is broken. */
export function onlyRow<T>(rows: readonly T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new StoreError(`the store returned no row for ${what}`);
  return row;
}

/** A record's snapshot row in SNAPSHOT_COLUMNS order; a packed record gives its dropped rows' JSON as it came. */
export function snapshotRow(record: WritableRecord): SqlValue[] {
  const m = record.summary;
  const s = headOf(record);
  return [
    s.venue,
    s.underlying,
    s.asOf,
    s.spot,
    s.source,
    s.model.kind,
    s.model.rate,
    s.model.kind === 'bsm' ? s.model.yield : null,
    isPacked(record) ? record.dropped : JSON.stringify(record.snapshot.dropped),
    optionCountOf(record),
    m.netGex,
    m.callGex,
    m.putGex,
    m.regime,
    JSON.stringify(m.flips),
    m.nearestFlip,
    m.distanceToFlipPct,
    m.callWall,
    m.putWall,
    record.pins === undefined ? null : JSON.stringify(record.pins),
  ];
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export function metaOf(r: Row): SnapshotMeta {
  return {
    venue: String(r.venue),
    underlying: String(r.underlying),
    asOf: num(r.as_of),
    spot: num(r.spot),
    source: String(r.source),
    options: num(r.option_count),
  };
}

const flipsColumn = z.array(z.number().finite());
const droppedColumn: z.ZodType<DroppedRow[]> = z.array(
  z.strictObject({
    where: z.string(),
    field: z.string(),
    reason: z.enum(DROP_REASONS),
    value: z.string().exactOptional(),
  }),
);

/**
 * A JSON text column of a stored snapshot, checked: the file may have been written by an older
 * version or edited by hand, and a wrong shape must name the snapshot and the column, not surface
 * later as `undefined`.
 */
function jsonColumn<T>(r: Row, column: 'flips' | 'dropped' | 'pins', schema: z.ZodType<T>): T {
  const where = `stored snapshot ${escapeText(String(r.venue))} ${escapeText(String(r.underlying))} at ${num(r.as_of)}`;
  let value: unknown;
  try {
    value = JSON.parse(String(r[column]));
  } catch {
    throw new StoreError(`${where}: column ${column} is not JSON`);
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    throw new StoreError(`${where}: column ${column}${path}: ${issue?.message ?? 'has the wrong shape'}`);
  }
  return checked.data;
}

const pinsColumn: z.ZodType<SnapshotPins> = z.strictObject({
  timeZone: z.string(),
  expiries: z.array(
    z.strictObject({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      largestOi: z.number().finite(),
      maxPain: z.number().finite(),
    }),
  ),
});

/** The pins of a stored snapshot row; null when the row has none (or the store predates the column). */
export function pinsOf(r: Row): StoredPins {
  return {
    venue: String(r.venue),
    underlying: String(r.underlying),
    asOf: num(r.as_of),
    pins: r.pins === null || r.pins === undefined ? null : jsonColumn(r, 'pins', pinsColumn),
  };
}

export function summaryOf(r: Row): SummaryPoint {
  return {
    venue: String(r.venue),
    underlying: String(r.underlying),
    asOf: num(r.as_of),
    spot: num(r.spot),
    netGex: num(r.net_gex),
    callGex: num(r.call_gex),
    putGex: num(r.put_gex),
    regime: r.regime === 'negative' ? 'negative' : 'positive',
    flips: jsonColumn(r, 'flips', flipsColumn),
    nearestFlip: numOrNull(r.nearest_flip),
    distanceToFlipPct: numOrNull(r.distance_to_flip_pct),
    callWall: numOrNull(r.call_wall),
    putWall: numOrNull(r.put_wall),
    options: num(r.option_count),
  };
}

function modelOf(r: Row): PricingModel {
  return r.model_kind === 'bsm'
    ? { kind: 'bsm', rate: num(r.rate), yield: num(r.dividend_yield) }
    : { kind: 'black76', rate: num(r.rate) };
}

function optionOf(r: Row): OptionQuote {
  const mark = numOrNull(r.mark_price);
  return {
    instrument: String(r.instrument),
    expiry: num(r.expiry),
    strike: num(r.strike),
    type: r.option_type === 'P' ? 'P' : 'C',
    openInterest: num(r.open_interest),
    iv: num(r.iv),
    forward: num(r.forward),
    multiplier: num(r.multiplier),
    ...(mark !== null ? { markPrice: mark } : {}),
  };
}

export function snapshotOf(head: Row, options: readonly Row[]): ChainSnapshot {
  return {
    venue: String(head.venue),
    underlying: String(head.underlying),
    asOf: num(head.as_of),
    spot: num(head.spot),
    model: modelOf(head),
    options: options.map(optionOf),
    dropped: jsonColumn(head, 'dropped', droppedColumn),
    source: String(head.source),
  };
}

/** WHERE clause pieces of a history query, with `$n` placeholders from `first`. */
export function whereOf(
  q: { venue?: string; underlying?: string; from?: number; to?: number },
  first = 1,
): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, v: SqlValue) => {
    params.push(v);
    parts.push(clause.replace('?', `$${first + params.length - 1}`));
  };
  if (q.venue !== undefined) add('venue = ?', q.venue);
  if (q.underlying !== undefined) add('underlying = ?', q.underlying);
  if (q.from !== undefined) add('as_of >= ?', q.from);
  if (q.to !== undefined) add('as_of < ?', q.to);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
