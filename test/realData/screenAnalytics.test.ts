import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot, OptionQuote } from '../../src/chain/types.js';
import { black76Gamma } from '../../src/core/black76.js';
import { bsm } from '../../src/core/bsm.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { classic, optionDelta, years } from '../support/mechanicsReference.js';

/**
 * The trader's-screen analytics (the strike × expiry grid, DEX, vanna and charm by strike, key
 * levels) against option-by-option sums through the plain kernels, on both recorded chains.
 */

/** GEX of one option by DESIGN's formula q·m·Γ·S²·0.01 (Black-76: D·∂²V/∂F²; BSM: spot gamma). */
function optionGex(snap: ChainSnapshot, o: OptionQuote): number {
  const t = years(snap, o);
  const s = snap.spot;
  const gamma =
    snap.model.kind === 'bsm'
      ? bsm({
          phi: o.type === 'C' ? 1 : -1,
          spot: s,
          strike: o.strike,
          vol: o.iv,
          t,
          rate: snap.model.rate,
          yield: snap.model.yield,
        }).gamma
      : Math.exp(-snap.model.rate * t) * black76Gamma(o.forward, o.strike, o.iv, t);
  return classic(o) * o.multiplier * gamma * s * s * 0.01;
}

/** Adds `value(o)` of every option into a map keyed by `key(o)`. */
function sumBy(
  snap: ChainSnapshot,
  key: (o: OptionQuote) => string | number,
  value: (o: OptionQuote) => number,
): Map<string | number, number> {
  const out = new Map<string | number, number>();
  for (const o of snap.options) out.set(key(o), (out.get(key(o)) ?? 0) + value(o));
  return out;
}

const sumAbs = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + Math.abs(b), 0);

const CHAINS = [
  { name: 'CBOE SPX 2022-12-12 (BSM)', read: () => readCboeFile(CBOE_SPX_FILE) },
  { name: 'Deribit BTC 2025-11-19 (Black-76)', read: () => readDeribitDir(DERIBIT_BTC_DIR) },
];

describe.each(CHAINS)('$name: screen analytics under classic positioning', ({ read }) => {
  let snap: ChainSnapshot;
  let report: FullReport;
  beforeAll(async () => {
    snap = await read();
    report = buildFullReport(snap);
  });

  it('puts in each strike × expiry cell the GEX of that expiry’s options at that strike, the cells summing to net GEX', () => {
    const want = sumBy(
      snap,
      (o) => `${new Date(o.expiry).toISOString()}|${o.strike}`,
      (o) => optionGex(snap, o),
    );
    const grid = report.byStrikeExpiry;
    const scale = sumAbs(want.values());
    expect(grid.netGex).toHaveLength(grid.expiries.length);
    let cells = 0;
    let total = 0;
    grid.expiries.forEach((expiry, e) => {
      expect(grid.netGex[e]).toHaveLength(grid.strikes.length);
      grid.strikes.forEach((strike, k) => {
        const got = grid.netGex[e]![k]!;
        expect(Math.abs(got - (want.get(`${expiry}|${strike}`) ?? 0)), `${expiry} ${strike}`).toBeLessThan(
          1e-9 * scale,
        );
        if (want.has(`${expiry}|${strike}`)) cells++;
        total += got;
      });
    });
    expect(cells).toBe(want.size);
    expect(Math.abs(total - report.netGex)).toBeLessThan(1e-9 * scale);
  });

  it('gives per strike the dealer delta exposure Σ q·m·Δ·S of its calls and puts, netting to the hedge flow’s dealer delta', () => {
    const deltaUsd = (o: OptionQuote) => classic(o) * o.multiplier * optionDelta(snap, o) * snap.spot;
    const calls = sumBy(snap, (o) => (o.type === 'C' ? o.strike : 'put'), deltaUsd);
    const puts = sumBy(snap, (o) => (o.type === 'P' ? o.strike : 'call'), deltaUsd);
    const scale = sumAbs(snap.options.map(deltaUsd));
    expect(report.dex.byStrike.map((r) => r.strike)).toEqual(
      Array.from(new Set(snap.options.map((o) => o.strike))).sort((a, b) => a - b),
    );
    for (const row of report.dex.byStrike) {
      expect(Math.abs(row.callDex - (calls.get(row.strike) ?? 0)), `call ${row.strike}`).toBeLessThan(1e-10 * scale);
      expect(Math.abs(row.putDex - (puts.get(row.strike) ?? 0)), `put ${row.strike}`).toBeLessThan(1e-10 * scale);
      expect(row.netDex).toBe(row.callDex + row.putDex);
    }
    const net = snap.options.reduce((a, o) => a + deltaUsd(o), 0);
    expect(Math.abs(report.dex.netUsd - net)).toBeLessThan(1e-10 * scale);
    expect(Math.abs(report.dex.netUsd - report.hedgeFlow.dealerDeltaUsd)).toBeLessThan(1e-12 * scale);
  });

  it('splits vanna by strike as a +1 vol point bump of each strike’s options, summing to the total', () => {
    const h = 1e-5;
    const byBump = (o: OptionQuote) =>
      ((classic(o) * o.multiplier * (optionDelta(snap, o, { dVol: h }) - optionDelta(snap, o, { dVol: -h }))) /
        (2 * h)) *
      0.01 *
      snap.spot;
    const want = sumBy(snap, (o) => o.strike, byBump);
    const scale = sumAbs(want.values());
    for (const { strike, value } of report.vanna.byStrike) {
      expect(Math.abs(value - (want.get(strike) ?? 0)), `strike ${strike}`).toBeLessThan(1e-6 * scale);
    }
    const total = report.vanna.byStrike.reduce((a, r) => a + r.value, 0);
    expect(Math.abs(total - report.vanna.perVolPointUsd)).toBeLessThan(1e-12 * scale);
  });

  it('splits charm by strike as each strike’s options re-priced a moment earlier and later, summing to the total', () => {
    const h = 1e-7;
    const byDifference = (o: OptionQuote) =>
      ((classic(o) * o.multiplier * (optionDelta(snap, o, { dt: h }) - optionDelta(snap, o, { dt: -h }))) / (2 * h)) *
      (snap.spot / 365);
    // expiries within a few hours: the central difference in t itself is poor there
    const far = (o: OptionQuote) => years(snap, o) > 1 / 365;
    const want = sumBy(snap, (o) => o.strike, byDifference);
    const farWant = sumBy(snap, (o) => (far(o) ? o.strike : 'near'), byDifference);
    const scale = sumAbs(want.values());
    const nearStrikes = new Set(snap.options.filter((o) => !far(o)).map((o) => o.strike));
    let checked = 0;
    for (const { strike, value } of report.charm.byStrike) {
      if (nearStrikes.has(strike)) continue;
      expect(Math.abs(value - (farWant.get(strike) ?? 0)), `strike ${strike}`).toBeLessThan(1e-5 * scale);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const total = report.charm.byStrike.reduce((a, r) => a + r.value, 0);
    expect(Math.abs(total - report.charm.perDayUsd)).toBeLessThan(1e-12 * scale);
  });

  it('lists the key levels sorted by price, each at distancePct = 100 × (price / spot − 1)', () => {
    const levels = report.keyLevels;
    expect(levels.length).toBeGreaterThan(5);
    for (let j = 1; j < levels.length; j++) expect(levels[j]!.price).toBeGreaterThanOrEqual(levels[j - 1]!.price);
    for (const l of levels) expect(l.distancePct).toBe(100 * (l.price / snap.spot - 1));
  });

  it('holds every gamma flip, the walls, the absolute-gamma strike, the OI clusters and the max pain of the pin window', () => {
    const of = (kind: string) => report.keyLevels.filter((l) => l.kind === kind && l.expiry === undefined);
    expect(of('gamma-flip').map((l) => l.price)).toEqual(report.gammaFlips);
    expect(of('call-wall').map((l) => l.price)).toEqual([report.callWall]);
    expect(of('put-wall').map((l) => l.price)).toEqual([report.putWall]);
    expect(of('abs-gamma').map((l) => l.price)).toEqual([report.absGammaStrike]);
    const callWall = report.byStrike.find((r) => r.strike === report.callWall)!;
    expect(of('call-wall')[0]!.value).toBe(callWall.callGex);
    expect(of('oi-cluster').map((l) => [l.price, l.value])).toEqual(
      report.oiClusters.map((c) => [c.strike, c.totalOi]).sort((a, b) => a[0]! - b[0]!),
    );
    const windowEnd = snap.asOf + 7 * 86_400_000;
    const pains = report.keyLevels.filter((l) => l.kind === 'max-pain');
    const want = report.maxPain.filter((p) => Date.parse(p.expiry) <= windowEnd);
    expect(want.length).toBeGreaterThan(0);
    expect(pains.map((l) => `${l.expiry} ${l.price}`).sort()).toEqual(
      want.map((p) => `${p.expiry} ${p.strike}`).sort(),
    );
  });

  it('draws the ±1σ move to the next expiry as S × σ_ATM × √t from the options nearest its forward', () => {
    const next = Math.min(...snap.options.map((o) => o.expiry));
    const legs = snap.options.filter((o) => o.expiry === next);
    const forward = legs[0]!.forward;
    const atm = legs.reduce(
      (best, o) => (Math.abs(o.strike - forward) < Math.abs(best - forward) ? o.strike : best),
      legs[0]!.strike,
    );
    const atmLegs = legs.filter((o) => o.strike === atm);
    const sigma = atmLegs.reduce((a, o) => a + o.iv, 0) / atmLegs.length;
    const move = snap.spot * sigma * Math.sqrt((next - snap.asOf) / (365 * 86_400_000));
    const sigmaLevels = report.keyLevels.filter((l) => l.kind === 'expected-move' && l.label.includes('σ'));
    expect(sigmaLevels).toHaveLength(2);
    expect(sigmaLevels[0]!.price).toBeCloseTo(snap.spot - move, 8);
    expect(sigmaLevels[1]!.price).toBeCloseTo(snap.spot + move, 8);
    expect(sigmaLevels.every((l) => l.expiry === new Date(next).toISOString())).toBe(true);
    const straddle = report.keyLevels.filter((l) => l.kind === 'expected-move' && l.label.includes('straddle'));
    const call = atmLegs.find((o) => o.type === 'C')?.markPrice;
    const put = atmLegs.find((o) => o.type === 'P')?.markPrice;
    if (call === undefined || put === undefined) expect(straddle).toEqual([]);
    else expect(straddle.map((l) => l.price)).toEqual([snap.spot - (call + put), snap.spot + (call + put)]);
  });

  it('states the units and rules of the new fields in its conventions', () => {
    for (const key of ['keyLevels', 'dex', 'byStrikeExpiry']) expect(report.conventions[key]).toBeTruthy();
    expect(report.conventions.keyLevels).toContain('7 days');
    expect(report.conventions.vanna).toContain('vanna.byStrike');
    expect(report.conventions.charm).toContain('charm.byStrike');
  });
});

describe('the straddle move where quotes exist', () => {
  it('is absent on the SPX file, read after the close with no bid or ask, and present on Deribit, where every option has a mark', async () => {
    const spx = buildFullReport(await readCboeFile(CBOE_SPX_FILE));
    const btc = buildFullReport(await readDeribitDir(DERIBIT_BTC_DIR));
    const straddles = (r: FullReport) => r.keyLevels.filter((l) => l.label.includes('straddle'));
    expect(straddles(spx)).toEqual([]);
    expect(straddles(btc)).toHaveLength(2);
  });
});
