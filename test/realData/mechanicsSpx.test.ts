import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import {
  charmByDifference,
  charmOverADay,
  classic,
  dealerDelta,
  dealerDeltaAbs,
  moveIndex,
  vannaByBump,
} from '../support/mechanicsReference.js';

const DAY_MS = 86_400_000;
let snapshot: ChainSnapshot;
let report: FullReport;

beforeAll(async () => {
  snapshot = await readCboeFile(CBOE_SPX_FILE);
  report = buildFullReport(snapshot);
});

const at = (r: FullReport, movePct: number) => moveIndex(r.hedgeFlow.movesPct, movePct);

describe('CBOE SPX 2022-12-12: hedge flows (classic positioning, BSM)', () => {
  it('equals −(Δ after − Δ before)·S′ re-priced with the plain BSM kernel at ±1, ±5 and ±10 %', () => {
    const before = dealerDelta(snapshot, classic);
    const scale = dealerDeltaAbs(snapshot, classic) * snapshot.spot * 1.1;
    for (const move of [-10, -5, -1, 1, 5, 10]) {
      const s = snapshot.spot * (1 + move / 100);
      const want = -(dealerDelta(snapshot, classic, { spot: s }) - before) * s;
      const got = report.hedgeFlow.flowUsd[at(report, move)]!;
      expect(Math.abs(got - want), `move ${move} %`).toBeLessThan(1e-12 * scale);
    }
  });

  // Figures with the AM-settled SPX monthlies expiring at the 09:30 open; moving those legs back to
  // 16:00 gives the earlier figures exactly (−108.40, −69.69, 1.671), so the rule is the only change.
  it('makes dealers sell 108 bn USD on a 5 % fall and sell 70 bn USD on a 5 % rise (the flip is 0.4 % above spot)', () => {
    expect(report.hedgeFlow.flowUsd[at(report, -5)]! / 1e9).toBeCloseTo(-108.3, 1);
    expect(report.hedgeFlow.flowUsd[at(report, 5)]! / 1e9).toBeCloseTo(-70.5, 1);
    expect(report.hedgeFlow.dealerDeltaUsd / 1e12).toBeCloseTo(1.669, 3);
  });

  it('is tangent to the linear line at spot: for BSM dΔ/dS = Γ, so −GEX × move is the first-order term', () => {
    // ±0.001 %: the curvature term (½·GEX′·ε², 1.4e-3 of the flow here) cancels between
    // the two sides, so their mean ratio is 1 to O(ε²).
    const hf = buildFullReport(snapshot, { flowRange: 1e-5, flowPoints: 3 }).hedgeFlow;
    const ratio = (j: number) => hf.flowUsd[j]! / hf.linearUsd[j]!;
    expect(Math.abs(ratio(0) - 1)).toBeGreaterThan(1e-4);
    expect((ratio(0) + ratio(2)) / 2).toBeCloseTo(1, 6);
  });

  it('per expiry sums to the total, the 16 Dec monthly carrying the most at −5 %', () => {
    const hf = report.hedgeFlow;
    const j = at(report, -5);
    expect(hf.byExpiry).toHaveLength(51); // 46 dates, 5 of them with an AM and a PM expiry
    expect(hf.byExpiry.reduce((a, e) => a + e.flowUsd[j]!, 0) / hf.flowUsd[j]!).toBeCloseTo(1, 12);
    const biggest = [...hf.byExpiry].sort((a, b) => a.flowUsd[j]! - b.flowUsd[j]!)[0]!;
    expect(biggest.expiry.slice(0, 10)).toBe('2022-12-16');
  });
});

describe('CBOE SPX 2022-12-12: vanna and charm', () => {
  it('has vanna +15.4 bn USD per vol point, equal to a central vol bump of the plain BSM delta', () => {
    const bump = vannaByBump(snapshot, classic);
    expect(report.vanna.perVolPointUsd / 1e9).toBeCloseTo(15.4, 1);
    expect(Math.abs(report.vanna.perVolPointUsd - bump)).toBeLessThan(1e-6 * Math.abs(bump));
  });

  it('has charm −15.4 bn USD per day, equal to a central time difference of the plain BSM delta', () => {
    const diff = charmByDifference(snapshot, classic);
    expect(report.charm.perDayUsd / 1e9).toBeCloseTo(-15.43, 1);
    expect(Math.abs(report.charm.perDayUsd - diff)).toBeLessThan(1e-5 * Math.abs(diff));
  });

  it('integrates (Simpson over asOf, +12 h, +1 day) to the delta change of re-pricing one day later', () => {
    const later = (ms: number) => buildFullReport({ ...snapshot, asOf: snapshot.asOf + ms });
    const [mid, end] = [later(DAY_MS / 2), later(DAY_MS)];
    let checked = 0;
    for (const e of report.charm.byExpiry.slice(0, 20)) {
      if (e.daysToExpiry < 1.5) continue;
      const perDay = (r: FullReport) => r.charm.byExpiry.find((x) => x.expiry === e.expiry)!.perDayUsd;
      const { integral, repriced } = charmOverADay(snapshot, classic, e.expiry, [
        perDay(report),
        perDay(mid),
        perDay(end),
      ]);
      const tol = e.daysToExpiry >= 7 ? 1e-5 : 5e-3;
      expect(Math.abs(integral - repriced), e.expiry).toBeLessThan(tol * Math.abs(repriced));
      checked++;
    }
    expect(checked).toBe(19);
  });

  it('gives per-hour charm for the 224 options expiring 13 Dec 16:00 New York, 19.5 hours away', () => {
    expect(report.charm.withinDay.options).toBe(224);
    expect(report.charm.withinDay.perHourUsd / 1e6).toBeCloseTo(-97.38, 1);
  });
});

describe('CBOE SPX 2022-12-12: roll-off of 13 Dec', () => {
  it('deepens net GEX to −3.06 bn once the 0DTE leaves and moves the flip up to 4,007', () => {
    const ro = report.rollOff!;
    const exNext = buildGexReport(snapshot, { view: { kind: 'ex-next' } });
    expect(ro.expiry).toBe('2022-12-13T21:00:00.000Z');
    expect(ro.hoursToExpiry).toBeCloseTo(19.5, 10);
    expect(ro.after.netGex).toBeCloseTo(exNext.netGex, 0);
    expect(ro.after.netGex / 1e9).toBeCloseTo(-3.056, 2);
    expect(ro.after.nearestFlip!).toBeCloseTo(4007.26, 1);
    expect(ro.expiringDealerDeltaUsd / 1e9).toBeCloseTo(7.84, 1);
  });
});

describe('CBOE SPX 2022-12-12: skew', () => {
  it('has ATM IV 59.1 % on the CPI-day 0DTE and a falling term structure over the first week', () => {
    const [d0, d1, d2, d3, d6] = report.skew.expiries;
    expect(d0!.atmIv).toBeCloseTo(0.5913, 3);
    expect(d0!.atmIv!).toBeGreaterThan(d1!.atmIv!);
    expect(d1!.atmIv!).toBeGreaterThan(d2!.atmIv!);
    expect(d2!.atmIv!).toBeGreaterThan(d3!.atmIv!);
    expect(d3!.atmIv!).toBeGreaterThan(d6!.atmIv!);
  });

  it('has negative 25Δ risk reversals (put skew) on every expiry with data', () => {
    const withData = report.skew.expiries.filter((s) => s.rr25 !== null);
    expect(withData.length).toBe(49);
    for (const s of withData) expect(s.rr25!, s.expiry).toBeLessThan(0);
  });

  it('says not enough data for the two far expiries with one OTM strike a side, with the reason', () => {
    const missing = report.skew.expiries.filter((s) => s.reasons.length > 0);
    expect(missing.map((s) => s.expiry.slice(0, 10))).toEqual(['2024-12-20', '2027-12-17']);
    expect(missing[1]!.atmIv).toBeNull();
    expect(missing[1]!.reasons[0]).toMatch(/no OTM call above the forward/);
  });

  it('keeps the AM SPX (09:30) and PM SPXW (16:00) listings of 16 Dec as two expiries, one smile point per strike and side', () => {
    const dec16 = report.skew.expiries.filter((s) => s.expiry.startsWith('2022-12-16'));
    expect(dec16.map((s) => s.expiry)).toEqual(['2022-12-16T14:30:00.000Z', '2022-12-16T21:00:00.000Z']);
    const k4000 = dec16.map((e) => {
      const keys = e.smile.map((p) => `${p.type}${p.strike}`);
      expect(new Set(keys).size).toBe(keys.length);
      return e.smile.find((p) => p.type === 'C' && p.strike === 4000)!;
    });
    expect(k4000.map((p) => [p.openInterest, p.iv])).toEqual([
      [149_697, 0.4027],
      [4_941, 0.3994],
    ]);
  });
});

describe('CBOE SPX 2022-12-12: pins', () => {
  it('covers the 6 expiries within 7 days (16 Dec: AM and PM) with the pin range 3,950 – 4,000', () => {
    expect(report.pins.expiries).toHaveLength(6);
    expect(report.pins.combined.pinRange).toMatchObject({ putStrike: 3950, callStrike: 4000 });
    expect(report.pins.combined.topStrikes[0]).toMatchObject({ strike: 4000 });
    expect(report.pins.expiries.map((e) => e.maxPain!.strike)).toEqual([3975, 3970, 3950, 3900, 3935, 4025]);
  });
});

describe('CBOE SPX 2022-12-12: playbook', () => {
  it('without inputs: squeeze not fired (calls 50 % of near OI), range not fired (−GEX), sell-off not enough data', () => {
    expect(report.playbook.rules.map((r) => r.status)).toEqual(['not-fired', 'not-fired', 'not-enough-data']);
    expect(report.playbook.rules[0]!.inputs.callShare).toBeCloseTo(0.4993, 4);
    expect(report.playbook.rules[1]!.levels).toEqual([4000, 3950, 3900, 4100]);
  });

  it('fires squeeze risk when the call-share bar is lowered to 45 % and price rose 2 %', () => {
    const r = buildFullReport(snapshot, { spotChangePct: 2, thresholds: { squeezeCallShareMin: 0.45 } });
    expect(r.playbook.rules[0]!.status).toBe('fired');
  });
});
