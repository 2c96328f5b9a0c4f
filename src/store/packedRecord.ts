import { droppedJson } from '../chain/dropLog.js';
import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
import type { PackedRecord, SnapshotRecord, WritableRecord } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Values per option in PackedRecord.numbers, at these offsets. */
export const PACKED_COLUMNS = 8;
export const EXPIRY = 0;
export const STRIKE = 1;
export const OPEN_INTEREST = 2;
export const IV = 3;
export const FORWARD = 4;
export const MULTIPLIER = 5;
/** 0 unless the option has one (HAS_MARK, HAS_VOLUME) */
export const MARK_PRICE = 6;
export const VOLUME = 7;
/** Bits of PackedRecord.flags. */
export const PUT = 1;
export const HAS_MARK = 2;
export const HAS_VOLUME = 4;

export const isPacked = (r: WritableRecord): r is PackedRecord => 'numbers' in r;

/** The snapshot's fields but its options and dropped rows, of a record packed or not. */
export const headOf = (r: WritableRecord): Omit<ChainSnapshot, 'options' | 'dropped'> =>
  isPacked(r) ? r.head : r.snapshot;

/** How many options a record holds, packed or not. */
export const optionCountOf = (r: WritableRecord): number => (isPacked(r) ? r.flags.length : r.snapshot.options.length);

export function packRecord(record: SnapshotRecord): { packed: PackedRecord; transfer: ArrayBuffer[] } {
  const snapshot = record.snapshot;
  const options = snapshot.options;
  // the head field by field: reading `dropped` would word every drop that droppedJson writes from the log
  const head: Record<string, unknown> = {};
  for (const key of Object.keys(snapshot))
    if (key !== 'options' && key !== 'dropped') head[key] = snapshot[key as keyof ChainSnapshot];
  const n = options.length;
  const nameEnds = new Int32Array(n);
  const numbers = new Float64Array(n * PACKED_COLUMNS);
  const flags = new Uint8Array(n);
  const names: string[] = [];
  let end = 0;
  let venues: (string | null)[] | undefined;
  for (let i = 0; i < n; i++) {
    const o = options[i] as OptionQuote;
    names.push(o.instrument);
    end += o.instrument.length;
    nameEnds[i] = end;
    const k = i * PACKED_COLUMNS;
    numbers[k + EXPIRY] = o.expiry;
    numbers[k + STRIKE] = o.strike;
    numbers[k + OPEN_INTEREST] = o.openInterest;
    numbers[k + IV] = o.iv;
    numbers[k + FORWARD] = o.forward;
    numbers[k + MULTIPLIER] = o.multiplier;
    numbers[k + MARK_PRICE] = o.markPrice ?? 0;
    numbers[k + VOLUME] = o.volume ?? 0;
    flags[i] =
      (o.type === 'P' ? PUT : 0) |
      (o.markPrice !== undefined ? HAS_MARK : 0) |
      (o.volume !== undefined ? HAS_VOLUME : 0);
    if (o.venue !== undefined) {
      venues ??= new Array<string | null>(n).fill(null);
      venues[i] = o.venue;
    }
  }
  const packed: PackedRecord = {
    head: head as PackedRecord['head'],
    dropped: droppedJson(snapshot),
    summary: record.summary,
    ...(record.pins !== undefined ? { pins: record.pins } : {}),
    names: names.join(''),
    nameEnds,
    numbers,
    flags,
    ...(venues !== undefined ? { venues } : {}),
  };
  return { packed, transfer: [nameEnds.buffer, numbers.buffer, flags.buffer] };
}

/** The record packRecord packed, each option with the same fields and values. */
export function unpackRecord(p: PackedRecord): SnapshotRecord {
  const n = p.flags.length;
  const options: OptionQuote[] = new Array(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = p.nameEnds[i] as number;
    const k = i * PACKED_COLUMNS;
    const f = p.flags[i] as number;
    const venue = p.venues?.[i];
    const o: Mutable<OptionQuote> = {
      instrument: p.names.slice(start, end),
      expiry: p.numbers[k + EXPIRY] as number,
      strike: p.numbers[k + STRIKE] as number,
      type: f & PUT ? 'P' : 'C',
      openInterest: p.numbers[k + OPEN_INTEREST] as number,
      iv: p.numbers[k + IV] as number,
      forward: p.numbers[k + FORWARD] as number,
      multiplier: p.numbers[k + MULTIPLIER] as number,
    };
    // optional fields only when the option had them, as the reader left it
    if (f & HAS_MARK) o.markPrice = p.numbers[k + MARK_PRICE] as number;
    if (f & HAS_VOLUME) o.volume = p.numbers[k + VOLUME] as number;
    if (venue !== undefined && venue !== null) o.venue = venue;
    options[i] = o;
    start = end;
  }
  return {
    snapshot: { ...p.head, options, dropped: JSON.parse(p.dropped) as ChainSnapshot['dropped'] },
    summary: p.summary,
    ...(p.pins !== undefined ? { pins: p.pins } : {}),
  };
}

/** The record as it is, a packed one unpacked (for a store that writes option objects). */
export const unpacked = (r: WritableRecord): SnapshotRecord => (isPacked(r) ? unpackRecord(r) : r);
