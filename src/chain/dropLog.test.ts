import { describe, expect, it } from 'vitest';
import { type AdmitOptions, admissionDropOf, admitNumbers, type QuoteNumbers } from './admit.js';
import { DropLog, droppedCount, droppedJson } from './dropLog.js';
import { checkPlausibleChain, checkPlausibleChainWith } from './plausibility.js';
import type { ChainSnapshot, DroppedRow, OptionQuote } from './types.js';

const asOf = Date.UTC(2022, 11, 12, 20);
const options: AdmitOptions = { asOf };
const live = { strike: 4000, openInterest: 10, forward: 4000, multiplier: 100, expiry: asOf + 86_400_000, iv: 0.2 };
/** One leg for each way admission drops one, and one it admits. */
const LEGS: QuoteNumbers[] = [
  { ...live, expiry: asOf - 1 },
  { ...live, openInterest: 0 },
  { ...live, iv: 0 },
  { ...live, iv: 0.001 },
  { ...live, iv: 12.5 },
  live,
  { ...live, iv: 30 },
];
const words = (place: number) => `line ${place >> 1} (${place % 2 === 0 ? 'call' : 'put'})`;

/** The legs through a DropLog, the even ones placed by number, the odd ones by text. */
function logged(): { log: DropLog; worded: number[] } {
  const worded: number[] = [];
  const log = new DropLog((place) => {
    worded.push(place);
    return words(place);
  });
  LEGS.forEach((q, i) => {
    const place = i % 2 === 0 ? 10 + i : words(10 + i);
    const reason = admissionDropOf(q, { where: words(10 + i) }, options);
    if (reason !== undefined) log.push(place, reason, reason === 'expired' ? q.expiry : q.iv);
  });
  return { log, worded };
}

/** The same legs through admitNumbers, each drop recorded as it is judged. */
function recorded(): DroppedRow[] {
  const dropped: DroppedRow[] = [];
  for (const [i, q] of LEGS.entries()) admitNumbers(q, { where: words(10 + i) }, options, dropped);
  return dropped;
}

function snapshotOf(option: OptionQuote[], dropped: readonly DroppedRow[]): ChainSnapshot {
  return {
    venue: 'cboe',
    underlying: 'SPX',
    asOf,
    spot: 4000,
    dropped,
    source: 'test',
    model: { kind: 'bsm', rate: 0, yield: 0 },
    options: option,
  };
}

describe('DropLog', () => {
  it('words each drop as admitNumbers records it, in order, and only when the records are read', () => {
    const { log, worded } = logged();
    expect(log.length).toBe(6);
    expect(worded).toEqual([]);
    expect(log.rows()).toStrictEqual(recorded());
    expect(worded.length).toBeGreaterThan(0);
  });

  it('gives a snapshot a `dropped` that keys, JSON and spreads see as the plain array, worded once', () => {
    const { log, worded } = logged();
    const snapshot: Record<string, unknown> = { venue: 'cboe', underlying: 'SPX' };
    log.defineOn(snapshot);
    snapshot.source = 'test';
    expect(worded).toEqual([]);
    expect(Object.keys(snapshot)).toEqual(['venue', 'underlying', 'dropped', 'source']);
    expect(JSON.parse(JSON.stringify(snapshot))).toStrictEqual({
      venue: 'cboe',
      underlying: 'SPX',
      dropped: recorded(),
      source: 'test',
    });
    const times = worded.length;
    expect({ ...snapshot }.dropped).toBe(snapshot.dropped);
    expect(worded.length).toBe(times);
  });

  it('gives the plausibility check the IVs dropped for their size, so it refuses a unit mix-up as from the records', () => {
    const many = new DropLog(words);
    const records: DroppedRow[] = [];
    for (let i = 0; i < 4; i++) {
      const q = { ...live, iv: 20 + i };
      const reason = admissionDropOf(q, { where: words(i) }, options);
      if (reason !== undefined) many.push(i, reason, q.iv);
      admitNumbers(q, { where: words(i) }, options, records);
    }
    const admitted: OptionQuote[] = Array.from({ length: 60 }, (_, k) => ({
      instrument: `SPX${k}`,
      expiry: live.expiry,
      strike: 4000,
      type: 'C',
      openInterest: 1,
      iv: 0.2,
      forward: 4000,
      multiplier: 100,
    }));
    const plain = () => checkPlausibleChain(snapshotOf(admitted, records));
    expect(plain).toThrow(/unit mix-up.*4 of 64 IVs are above 1,000 %, the first on line 0 \(call\) \(20\)/);
    const message = (() => {
      try {
        plain();
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(() => checkPlausibleChainWith(snapshotOf(admitted, []), many.sizedIvs())).toThrow(message as string);
    const { log } = logged();
    expect(Array.from(log.sizedIvs().ivs)).toEqual([0.001, 12.5, 30]);
    expect(log.sizedIvs().absurd).toBe(2);
    expect(log.sizedIvs().firstAbsurd()).toStrictEqual(recorded()[4]);
  });

  it('writes the JSON of its records without wording them, the same text JSON.stringify gives', () => {
    const { log, worded } = logged();
    // a place given as text with characters JSON escapes
    log.push('BTC-"odd"\\name\u2212\n', 'no-implied-vol', Number.NaN);
    log.push(40, 'expired', asOf - 1);
    const json = log.json();
    expect(worded).toEqual([10, 12, 14, 16, 40]);
    expect(json).toBe(JSON.stringify(log.rows()));
    expect(new DropLog(words).json()).toBe('[]');
  });

  it("counts and writes a snapshot's drops as JSON from its log, leaving `dropped` unworded", () => {
    const { log, worded } = logged();
    const snapshot = snapshotOf([], []);
    log.defineOn(snapshot);
    expect(droppedCount(snapshot)).toBe(6);
    const json = droppedJson(snapshot);
    const before = worded.length;
    expect(json).toBe(JSON.stringify(snapshot.dropped));
    expect(worded.length).toBeGreaterThan(before);
    // a snapshot without a log: its array as it is
    const plain = snapshotOf([], recorded());
    expect(droppedCount(plain)).toBe(6);
    expect(droppedJson(plain)).toBe(JSON.stringify(recorded()));
  });
});
