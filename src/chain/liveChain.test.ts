import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { expectSameChain } from '../../test/sources/deribitLive/helpers.js';
import { buildGexReport } from '../analytics/gexReport.js';
import { liveMetrics } from '../analytics/live.js';
import { dealerPositions } from '../positioning/models.js';
import { parseDeribitChain } from '../sources/deribit/index.js';
import { countDropped } from './admit.js';
import { toColumnar } from './columnar.js';
import { LiveChain, type MarkUpdate } from './liveChain.js';
import type { ChainSnapshot } from './types.js';

type Row = Record<string, unknown>;
const read = (name: string) => JSON.parse(readFileSync(resolve(DERIBIT_BTC_DIR, name), 'utf8')) as Row[];
const INSTRUMENTS = read('get_instruments.json');
const SUMMARIES = read('get_book_summary_by_currency.json');
const ASOF = Date.parse('2025-11-19T11:20:36.882Z');
const S0 = 91_629.58;

const parse = (summaries: Row[], indexPrice: number) =>
  parseDeribitChain({ instruments: INSTRUMENTS as never, summaries: summaries as never, source: 'test', indexPrice });

/** The recorded summaries as they would read later: vols +shift (two decimals), forwards moved with the index. */
function later(opts: { at: number; index: number; ivShift: (i: number) => number }): Row[] {
  return SUMMARIES.map((s, i) => ({
    ...s,
    mark_iv: Math.round((Number(s.mark_iv) + opts.ivShift(i)) * 100) / 100,
    underlying_price: (Number(s.underlying_price) * opts.index) / S0,
    estimated_delivery_price: opts.index,
    creation_timestamp: opts.at,
  }));
}

/** The markprice notification that takes the recorded chain to `summaries`: iv = mark_iv / 100, decimal. */
function marksFor(summaries: Row[], at: number): MarkUpdate[] {
  return summaries.map((s) => ({
    instrument: String(s.instrument_name),
    markPrice: Number(s.mark_price),
    iv: Number(s.mark_iv) / 100,
    timestamp: at,
  }));
}

const recorded = () => LiveChain.fromSnapshot(parse(SUMMARIES, S0), { settlement: 'inverse' });

function expectSameMetrics(live: LiveChain, fresh: ChainSnapshot): void {
  const chain = live.columnar();
  const m = liveMetrics(chain, dealerPositions(chain, { model: 'classic' }).q);
  const r = buildGexReport(fresh);
  expect(Math.abs(m.netGex - r.netGex)).toBeLessThan(1e-9 * Math.abs(r.netGex));
  expect(m.gammaFlips.length).toBe(r.gammaFlips.length);
  m.gammaFlips.forEach((f, k) => {
    expect(Math.abs(f - (r.gammaFlips[k] as number))).toBeLessThan(1e-7 * f);
  });
  expect([m.callWall, m.putWall, m.absGammaStrike]).toEqual([r.callWall, r.putWall, r.absGammaStrike]);
}

describe('LiveChain: stream updates applied in place', () => {
  it('starts equal to its snapshot, and its metrics equal the report of that snapshot', () => {
    const snap = parse(SUMMARIES, S0);
    const live = recorded();
    expectSameChain(live.snapshot(), snap);
    expectSameMetrics(live, snap);
  });

  it('after an index move and a whole-chain mark update, equals a fresh parse of the same market', () => {
    const at = ASOF + 60_000;
    const moved = later({ at, index: 92_011.37, ivShift: (i) => ((i % 7) - 3) * 0.13 });
    const live = recorded();
    expect(live.applyIndex({ price: 92_011.37, timestamp: at })).toBe(true);
    const result = live.applyMarks(marksFor(moved, at));
    const fresh = parse(moved, 92_011.37);
    expect(result).toMatchObject({ applied: 686, ignored: 74, outdated: 0, unknown: [], removed: [] });
    expectSameChain(live.snapshot(), fresh);
    expectSameMetrics(live, fresh);
  });

  it('prices with toColumnar’s per-option terms: after updates, its columns are those of its own snapshot', () => {
    const at = ASOF + 3_600_000;
    const live = recorded();
    live.applyIndex({ price: 92_400.5, timestamp: at - 1000 });
    live.applyMarks(marksFor(later({ at, index: 92_400.5, ivShift: (i) => ((i % 5) - 2) * 0.21 }), at));
    const mine = live.columnar();
    const fresh = toColumnar(live.snapshot(), live.snapshot().options);
    for (const k of ['iv', 't', 'stdDev', 'discount'] as const)
      expect(Array.from(mine[k]), k).toEqual(Array.from(fresh[k]));
    // fwdRatio is kept, where toColumnar divides the forward by spot again: the last bit may differ
    for (const k of ['fwdRatio', 'd1Shift', 'gammaScale'] as const) {
      mine[k].forEach((v, i) => {
        expect(Math.abs(v - (fresh[k][i] as number)), `${k}[${i}]`).toBeLessThanOrEqual(
          4e-16 * Math.max(1, Math.abs(v)),
        );
      });
    }
  });

  it('writes mark updates into the same column arrays (no rebuild, no re-parse)', () => {
    const live = recorded();
    const before = live.columnar();
    const ivBefore = before.iv[0];
    const at = ASOF + 1000;
    const marks = marksFor(later({ at, index: S0, ivShift: () => 0.5 }), at);
    live.applyMarks(marks);
    const after = live.columnar();
    expect(after.iv).toBe(before.iv);
    expect(after.d1Shift).toBe(before.d1Shift);
    expect(after.iv[0]).toBe(marks.find((m) => m.instrument === after.instruments[0])?.iv);
    expect(after.iv[0]).not.toBe(ivBefore);
    expect(after.asOf).toBe(at);
  });

  it('skips updates older than the last of their stream, and never moves asOf back', () => {
    const live = recorded();
    const at = ASOF + 5000;
    live.applyMarks(marksFor(later({ at, index: S0, ivShift: () => 1 }), at));
    expect(live.applyIndex({ price: 91_700, timestamp: ASOF + 3000 })).toBe(true);
    const snap = live.snapshot();
    expect(snap.asOf).toBe(at);
    expect(snap.spot).toBe(91_700);
    const stale = live.applyMarks(marksFor(later({ at: ASOF + 10, index: S0, ivShift: () => -2 }), ASOF + 10));
    expect(stale.outdated).toBe(686);
    expect(stale.applied).toBe(0);
    expect(live.applyIndex({ price: 1, timestamp: ASOF + 2999 })).toBe(false);
    expect(live.snapshot()).toEqual(snap);
  });

  it('drops the options whose expiry the clock reaches, as a fresh parse at that time does', () => {
    const at = Date.parse('2025-11-20T08:00:00Z');
    const moved = later({ at, index: S0, ivShift: () => 0 });
    const live = recorded();
    const result = live.applyMarks(marksFor(moved, at));
    const fresh = parse(moved, S0);
    expect(result.removed.length).toBe(35);
    expect(result.removed.every((name) => name.startsWith('BTC-20NOV25-'))).toBe(true);
    expectSameChain(live.snapshot(), fresh);
    expectSameMetrics(live, fresh);
    expect(countDropped(live.snapshot().dropped).expired).toBe(35);
  });

  it('takes out an option whose mark vol becomes unusable, as the parser would drop it', () => {
    const at = ASOF + 1000;
    const moved = later({ at, index: S0, ivShift: () => 0 });
    const name = 'BTC-26DEC25-144000-C';
    const row = moved.find((s) => s.instrument_name === name) as Row;
    row.mark_iv = 0;
    const live = recorded();
    const result = live.applyMarks(marksFor(moved, at));
    expect(result.removed).toEqual([name]);
    expect(live.has(name)).toBe(false);
    expectSameChain(live.snapshot(), parse(moved, S0));
  });

  it('reports instruments it has never seen (a new listing) and ignores the ones its snapshot dropped', () => {
    const live = recorded();
    const zeroOi = String(SUMMARIES.find((s) => s.open_interest === 0)?.instrument_name);
    const r = live.applyMarks([
      { instrument: 'BTC-26DEC25-999000-C', markPrice: 0.0001, iv: 0.9, timestamp: ASOF },
      { instrument: zeroOi, markPrice: 0.0001, iv: 0.9, timestamp: ASOF },
    ]);
    expect(r.unknown).toEqual(['BTC-26DEC25-999000-C']);
    expect(r.ignored).toBe(1);
  });

  it('drops a mark whose vol is below 1 % as implausible-implied-vol, as a REST snapshot would', () => {
    const live = recorded();
    const name = 'BTC-26DEC25-100000-C';
    const r = live.applyMarks([{ instrument: name, markPrice: 0.05, iv: 0.005, timestamp: ASOF + 1 }]);
    expect(r.applied).toBe(0);
    expect(live.snapshot().options.some((o) => o.instrument === name)).toBe(false);
    expect(countDropped(live.snapshot().dropped)['implausible-implied-vol']).toBe(1);
  });

  it('removes a settled instrument and rebuilds its columns once', () => {
    const live = recorded();
    const name = 'BTC-20NOV25-92000-C';
    expect(live.remove(name, 'expired')).toBe(true);
    expect(live.remove(name, 'expired')).toBe(false);
    expect(live.size).toBe(685);
    expect(live.snapshot().options.some((o) => o.instrument === name)).toBe(false);
  });
});
