import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { black76 } from '../../src/core/black76.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import {
  charmByDifference,
  charmOverADay,
  classic,
  dealerDelta,
  dealerDeltaAbs,
  dealerDeltaSlopeB76,
  moveIndex,
  simpson,
  vannaByBump,
  years,
} from '../support/mechanicsReference.js';

const DAY_MS = 86_400_000;
let snapshot: ChainSnapshot;
let report: FullReport;

beforeAll(async () => {
  snapshot = await readDeribitDir(DERIBIT_BTC_DIR);
  report = buildFullReport(snapshot);
});

const at = (r: FullReport, movePct: number) => moveIndex(r.hedgeFlow.movesPct, movePct);

describe('Deribit BTC 2025-11-19: hedge flows (classic positioning)', () => {
  it('has dealers net long 9.78 bn USD of delta (106.7 k BTC) through their options, as the plain kernel says', () => {
    const want = dealerDelta(snapshot, classic);
    expect(report.hedgeFlow.dealerDelta).toBeCloseTo(want, 6);
    expect(report.hedgeFlow.dealerDeltaUsd / 1e9).toBeCloseTo(9.778, 3);
  });

  it('makes dealers sell 844 M USD on a 5 % fall and buy 428 M USD on a 5 % rise (short gamma near spot)', () => {
    const hf = report.hedgeFlow;
    expect(hf.flowUsd[at(report, -5)]! / 1e6).toBeCloseTo(-844.36, 1);
    expect(hf.flowUsd[at(report, 5)]! / 1e6).toBeCloseTo(427.55, 1);
    expect(hf.linearUsd[at(report, 5)]! / 1e6).toBeCloseTo(720.8, 1);
  });

  it('equals the integral of Σ q·m·Γ_F(F_i(S))·F_i/spot dS (dΔ_F/dS = Γ_F·F/S), Simpson on 2,000 steps', () => {
    const s0 = snapshot.spot;
    const scale = dealerDeltaAbs(snapshot, classic) * s0;
    for (const move of [-10, -5, -1, 1, 5, 10]) {
      const s1 = s0 * (1 + move / 100);
      const integral = simpson((u) => dealerDeltaSlopeB76(snapshot, classic, u), s0, s1, 2000);
      const want = -integral * s1;
      const got = report.hedgeFlow.flowUsd[at(report, move)]!;
      expect(Math.abs(got - want), `move ${move} %`).toBeLessThan(1e-9 * scale);
      expect(Math.abs(got - want), `move ${move} %`).toBeLessThan(1e-6 * Math.abs(want));
    }
  });

  it('equals −(Δ after − Δ before)·S′ re-priced with the plain Black-76 kernel at all 41 moves', () => {
    const scale = dealerDeltaAbs(snapshot, classic) * snapshot.spot * 1.1;
    const before = dealerDelta(snapshot, classic);
    report.hedgeFlow.spots.forEach((s, j) => {
      const want = -(dealerDelta(snapshot, classic, { spot: s }) - before) * s;
      expect(Math.abs(report.hedgeFlow.flowUsd[j]! - want), `S′ = ${s}`).toBeLessThan(1e-12 * scale);
    });
  });

  it('per expiry sums to the total; the 28 Nov expiry carries the most at ±5 %', () => {
    const hf = report.hedgeFlow;
    expect(hf.byExpiry).toHaveLength(11);
    for (const j of [at(report, -5), at(report, 5)]) {
      expect(hf.byExpiry.reduce((a, e) => a + e.flowUsd[j]!, 0)).toBeCloseTo(hf.flowUsd[j]!, 0);
    }
    const biggest = [...hf.byExpiry].sort((a, b) => a.flowUsd[at(report, -5)]! - b.flowUsd[at(report, -5)]!)[0]!;
    expect(biggest.expiry).toBe('2025-11-28T08:00:00.000Z');
  });
});

describe('Deribit BTC 2025-11-19: vanna and charm', () => {
  it('has vanna +55.2 M USD per vol point, equal to a central vol bump of the plain Black-76 delta', () => {
    const bump = vannaByBump(snapshot, classic);
    expect(report.vanna.perVolPointUsd / 1e6).toBeCloseTo(55.19, 2);
    expect(Math.abs(report.vanna.perVolPointUsd - bump)).toBeLessThan(1e-6 * Math.abs(bump));
  });

  it('has charm −98.1 M USD per day (dealers buy as time passes), equal to a central time difference', () => {
    const diff = charmByDifference(snapshot, classic);
    expect(report.charm.perDayUsd / 1e6).toBeCloseTo(-98.09, 1);
    expect(Math.abs(report.charm.perDayUsd - diff)).toBeLessThan(1e-5 * Math.abs(diff));
  });

  it('integrates (Simpson over asOf, +12 h, +1 day) to the delta change of re-pricing one day later', () => {
    const later = (ms: number) => buildFullReport({ ...snapshot, asOf: snapshot.asOf + ms });
    const [mid, end] = [later(DAY_MS / 2), later(DAY_MS)];
    for (const e of report.charm.byExpiry) {
      if (e.daysToExpiry < 1.5) continue;
      const perDay = (r: FullReport) => r.charm.byExpiry.find((x) => x.expiry === e.expiry)!.perDayUsd;
      const { integral, repriced } = charmOverADay(snapshot, classic, e.expiry, [
        perDay(report),
        perDay(mid),
        perDay(end),
      ]);
      const tol = e.daysToExpiry >= 7 ? 1e-5 : 5e-3;
      expect(Math.abs(integral - repriced), e.expiry).toBeLessThan(tol * Math.abs(repriced));
    }
  });

  it('gives per-hour charm for the 35 options of 20 Nov 08:00, 20.7 hours away', () => {
    const w = report.charm.withinDay;
    expect(w.expiries).toEqual(['2025-11-20T08:00:00.000Z']);
    expect(w.options).toBe(35);
    expect(w.perHourUsd).toBeCloseTo((report.charm.byExpiry[0]!.perDayUsd * 365) / 8760, 6);
    expect(w.perHourHedgeFlowUsd).toBe(-w.perHourUsd);
  });
});

describe('Deribit BTC 2025-11-19: roll-off of 20 Nov', () => {
  it('compares the map with and without the next expiry, as the ex-next view does', () => {
    const ro = report.rollOff!;
    const exNext = buildGexReport(snapshot, { view: { kind: 'ex-next' } });
    expect(ro.expiry).toBe('2025-11-20T08:00:00.000Z');
    expect(ro.options).toBe(35);
    expect(ro.before.netGex).toBe(report.netGex);
    expect(ro.after.netGex).toBeCloseTo(exNext.netGex, 0);
    expect(ro.after.gammaFlips).toEqual(exNext.gammaFlips);
    expect(ro.after.nearestFlip).toBeGreaterThan(96_800);
    expect(ro.after.nearestFlip).toBeLessThan(97_000);
    expect(ro.after).toMatchObject({ callWall: 100_000, putWall: 90_000, regime: 'negative' });
  });

  it('holds +38.5 M USD of dealer delta in the expiring options, equal to the plain kernel', () => {
    const next = Date.parse('2025-11-20T08:00:00.000Z');
    const want = dealerDelta(snapshot, classic, {}, (o) => o.expiry === next) * snapshot.spot;
    expect(report.rollOff!.expiringDealerDeltaUsd).toBeCloseTo(want, 2);
    expect(want / 1e6).toBeCloseTo(38.53, 1);
  });
});

/** IV at ±0.25 forward delta for one expiry, straight from the plain snapshot through black76(). */
function plain25(e: string, target: number): number {
  const ms = Date.parse(e);
  const opts = snapshot.options.filter((o) => o.expiry === ms);
  const f = opts.reduce((a, o) => a + o.forward, 0) / opts.length;
  const type = target > 0 ? 'C' : 'P';
  const pts = opts
    .filter((o) => o.type === type && (type === 'C' ? o.strike >= f : o.strike < f))
    .map((o) => ({
      iv: o.iv,
      delta: black76({ phi: type === 'C' ? 1 : -1, forward: f, strike: o.strike, vol: o.iv, t: years(snapshot, o) })
        .delta,
      strike: o.strike,
    }))
    .sort((a, b) => Math.abs(a.strike - f) - Math.abs(b.strike - f));
  for (let j = 0; j + 1 < pts.length; j++) {
    const [a, b] = [pts[j]!, pts[j + 1]!];
    if ((a.delta - target) * (b.delta - target) <= 0)
      return a.iv + ((b.iv - a.iv) * (target - a.delta)) / (b.delta - a.delta);
  }
  return Number.NaN;
}

describe('Deribit BTC 2025-11-19: skew', () => {
  it('has ATM IV 53.2 %, RR −7.2 and BF +1.5 vol points on 20 Nov', () => {
    const s = report.skew.expiries[0]!;
    expect(s.expiry).toBe('2025-11-20T08:00:00.000Z');
    expect(s.atmIv).toBeCloseTo(0.5317, 4);
    expect(s.rr25).toBeCloseTo(-0.0719, 4);
    expect(s.bf25).toBeCloseTo(0.0153, 4);
  });

  it('puts every expiry’s 25Δ RR below zero (puts over calls) and has data for all 11 expiries', () => {
    expect(report.skew.expiries).toHaveLength(11);
    for (const s of report.skew.expiries) {
      expect(s.reasons, s.expiry).toEqual([]);
      expect(s.rr25!, s.expiry).toBeLessThan(0);
    }
  });

  it('matches 25Δ vols interpolated from the plain snapshot with the Black-76 kernel', () => {
    for (const s of report.skew.expiries.slice(0, 5)) {
      expect(s.call25Iv, s.expiry).toBeCloseTo(plain25(s.expiry, 0.25), 12);
      expect(s.put25Iv, s.expiry).toBeCloseTo(plain25(s.expiry, -0.25), 12);
    }
  });

  it('puts ATM IV between the IVs of the OTM put and call nearest the forward', () => {
    for (const s of report.skew.expiries) {
      const put = s.smile.filter((p) => p.type === 'P').at(-1)!;
      const call = s.smile.find((p) => p.type === 'C')!;
      expect(s.atmIv!).toBeGreaterThanOrEqual(Math.min(put.iv, call.iv));
      expect(s.atmIv!).toBeLessThanOrEqual(Math.max(put.iv, call.iv));
      expect(put.logMoneyness).toBeLessThan(0);
      expect(call.logMoneyness).toBeGreaterThanOrEqual(0);
    }
  });

  it('lists the term structure from 0.86 to 310 days', () => {
    const ts = report.skew.termStructure;
    expect(ts[0]!.daysToExpiry).toBeCloseTo(0.86, 2);
    expect(ts.at(-1)!.daysToExpiry).toBeCloseTo(309.86, 2);
    expect(ts.map((p) => p.atmIv)).toEqual(report.skew.expiries.map((s) => s.atmIv));
  });
});

describe('Deribit BTC 2025-11-19: pins', () => {
  it('covers the 4 expiries within 7 days, each with the report’s max pain', () => {
    const p = report.pins;
    expect(p.expiries.map((e) => e.expiry.slice(0, 10))).toEqual([
      '2025-11-20',
      '2025-11-21',
      '2025-11-22',
      '2025-11-23',
    ]);
    for (const e of p.expiries)
      expect(e.maxPain!.strike).toBe(report.maxPain.find((m) => m.expiry === e.expiry)!.strike);
  });

  it('pins the week between the 90k put cluster and the 95k call cluster', () => {
    expect(report.pins.combined.pinRange).toMatchObject({ putStrike: 90_000, callStrike: 95_000 });
    expect(report.pins.combined.topStrikes[0]).toMatchObject({ strike: 90_000 });
    expect(report.pins.band.pct).toBe(5);
  });
});

describe('Deribit BTC 2025-11-19: playbook', () => {
  it('without price or tape: squeeze not fired (call share 31 %), range not fired (−GEX), sell-off not enough data', () => {
    const [squeeze, range, selloff] = report.playbook.rules;
    expect(squeeze!.status).toBe('not-fired');
    expect(squeeze!.inputs.callShare).toBeCloseTo(0.307, 3);
    expect(range!.status).toBe('not-fired');
    expect(range!.levels).toEqual([90_000]);
    expect(selloff!.status).toBe('not-enough-data');
  });

  it('fires sell-off acceleration after a 3 % fall with customers buying 70 % of put notional', () => {
    const r = buildFullReport(snapshot, {
      spotChangePct: -3,
      lookback: '24h',
      tape: {
        putBuyNotional: 7e7,
        putSellNotional: 3e7,
        windowStart: '2025-11-18T11:20:00Z',
        windowEnd: '2025-11-19T11:20:00Z',
      },
    });
    const selloff = r.playbook.rules[2]!;
    expect(selloff.status).toBe('fired');
    expect(selloff.inputs.tapeWindowHours).toBe(24);
    expect(selloff.levels[0]).toBe(91_000);
  });
});
