import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
import type { SnapshotRecord } from '../store/types.js';

/**
 * A SnapshotRecord as a worker thread posts it: the option rows as columns in three typed arrays
 * (moved, not copied) and the names in one string, the dropped rows as their JSON text, so that
 * the thread that writes does not pay a structured clone of thousands of small objects. Everything
 * else is cloned as it is.
 */
export interface PackedRecord {
  readonly head: Omit<ChainSnapshot, 'options' | 'dropped'>;
  /** JSON of the snapshot's dropped rows (strings only, so the text gives them back as they were) */
  readonly dropped: string;
  readonly summary: SnapshotRecord['summary'];
  readonly pins?: SnapshotRecord['pins'];
  /** the instrument names, one after another; `nameEnds[i]` is where option i's ends */
  readonly names: string;
  readonly nameEnds: Int32Array;
  /** NUMBER_COLUMNS values per option, option after option */
  readonly numbers: Float64Array;
  /** per option: PUT, HAS_MARK, HAS_VOLUME */
  readonly flags: Uint8Array;
  /** per option its venue, only when some option has one (a snapshot spanning venues) */
  readonly venues?: readonly (string | null)[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NUMBER_COLUMNS = 8; // expiry, strike, openInterest, iv, forward, multiplier, markPrice, volume
const PUT = 1;
const HAS_MARK = 2;
const HAS_VOLUME = 4;

export function packRecord(record: SnapshotRecord): { packed: PackedRecord; transfer: ArrayBuffer[] } {
  const { options, dropped, ...head } = record.snapshot;
  const n = options.length;
  const nameEnds = new Int32Array(n);
  const numbers = new Float64Array(n * NUMBER_COLUMNS);
  const flags = new Uint8Array(n);
  const names: string[] = [];
  let end = 0;
  let venues: (string | null)[] | undefined;
  for (let i = 0; i < n; i++) {
    const o = options[i] as OptionQuote;
    names.push(o.instrument);
    end += o.instrument.length;
    nameEnds[i] = end;
    const k = i * NUMBER_COLUMNS;
    numbers[k] = o.expiry;
    numbers[k + 1] = o.strike;
    numbers[k + 2] = o.openInterest;
    numbers[k + 3] = o.iv;
    numbers[k + 4] = o.forward;
    numbers[k + 5] = o.multiplier;
    numbers[k + 6] = o.markPrice ?? 0;
    numbers[k + 7] = o.volume ?? 0;
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
    head,
    dropped: JSON.stringify(dropped),
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
    const k = i * NUMBER_COLUMNS;
    const f = p.flags[i] as number;
    const venue = p.venues?.[i];
    const o: Mutable<OptionQuote> = {
      instrument: p.names.slice(start, end),
      expiry: p.numbers[k] as number,
      strike: p.numbers[k + 1] as number,
      type: f & PUT ? 'P' : 'C',
      openInterest: p.numbers[k + 2] as number,
      iv: p.numbers[k + 3] as number,
      forward: p.numbers[k + 4] as number,
      multiplier: p.numbers[k + 5] as number,
    };
    // optional fields only when the option had them, as the reader left it
    if (f & HAS_MARK) o.markPrice = p.numbers[k + 6] as number;
    if (f & HAS_VOLUME) o.volume = p.numbers[k + 7] as number;
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
