import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport, type GexReport } from '../../src/analytics/gexReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { black76Gamma } from '../../src/core/black76.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

const YEAR_MS = 365 * 86_400_000;
let snapshot: ChainSnapshot;
let report: GexReport;

beforeAll(async () => {
  snapshot = await readDeribitDir(DERIBIT_BTC_DIR);
  report = buildGexReport(snapshot, { positioning: { model: 'classic' } });
});

/** Net GEX straight from DESIGN.md's formula with the plain Black-76 kernel: Σ q·m·Γ(F_i(S))·S²·0.01. */
function netGexByDefinition(snap: ChainSnapshot, s: number, sign: (o: ChainSnapshot['options'][number]) => number) {
  let total = 0;
  for (const o of snap.options) {
    const t = (o.expiry - snap.asOf) / YEAR_MS;
    const forward = (o.forward * s) / snap.spot;
    total += sign(o) * o.openInterest * o.multiplier * black76Gamma(forward, o.strike, o.iv, t) * s * s * 0.01;
  }
  return total;
}

describe('Deribit BTC 2025-11-19 under classic positioning', () => {
  it('has net GEX of about −0.14 bn USD per 1 % move, negative regime', () => {
    expect(report.netGex).toBeGreaterThan(-0.15e9);
    expect(report.netGex).toBeLessThan(-0.14e9);
    expect(report.regime).toBe('negative');
  });

  it('agrees with the definition evaluated option by option through the plain Black-76 kernel', () => {
    const want = netGexByDefinition(snapshot, snapshot.spot, (o) => (o.type === 'C' ? 1 : -1));
    expect(Math.abs(report.netGex - want)).toBeLessThan(1e-9 * Math.abs(want));
  });

  it('has one gamma flip near 96.7k, an exact zero of net GEX with every option re-priced there', () => {
    expect(report.gammaFlips).toHaveLength(1);
    const flip = report.nearestFlip as number;
    expect(flip).toBeGreaterThan(96_500);
    expect(flip).toBeLessThan(96_800);
    const sign = (o: ChainSnapshot['options'][number]) => (o.type === 'C' ? 1 : -1);
    const scale = Math.abs(report.netGex);
    expect(Math.abs(netGexByDefinition(snapshot, flip, sign))).toBeLessThan(1e-9 * scale);
    expect(netGexByDefinition(snapshot, flip * (1 - 1e-7), sign)).toBeLessThan(0);
    expect(netGexByDefinition(snapshot, flip * (1 + 1e-7), sign)).toBeGreaterThan(0);
    expect(report.distanceToFlipPct).toBeCloseTo(((flip - snapshot.spot) / snapshot.spot) * 100, 12);
  });

  it('puts the call wall at 100k and the put wall at 90k', () => {
    expect(report.callWall).toBe(100_000);
    expect(report.putWall).toBe(90_000);
    expect(report.absGammaStrike).toBe(90_000);
  });

  it('sums by-strike and by-expiry rows back to the net GEX and the open interest', () => {
    const byStrike = report.byStrike.reduce((a, r) => a + r.netGex, 0);
    const byExpiry = report.byExpiry.reduce((a, r) => a + r.netGex, 0);
    expect(byStrike).toBeCloseTo(report.netGex, 0);
    expect(byExpiry).toBeCloseTo(report.netGex, 0);
    const oi = report.byStrike.reduce((a, r) => a + r.callOi + r.putOi, 0);
    const want = snapshot.options.reduce((a, o) => a + o.openInterest, 0);
    expect(oi).toBeCloseTo(want, 6);
  });

  it('gives one max pain per expiry, each a listed strike of that expiry', () => {
    expect(report.maxPain).toHaveLength(11);
    for (const m of report.maxPain) {
      const strikes = snapshot.options
        .filter((o) => new Date(o.expiry).toISOString() === m.expiry)
        .map((o) => o.strike);
      expect(strikes).toContain(m.strike);
    }
    expect(report.maxPain[0]).toMatchObject({ expiry: '2025-11-20T08:00:00.000Z', strike: 92_000 });
  });

  it('computes gamma within Deribit’s own 5-decimal gamma for every instrument', () => {
    const deribit = JSON.parse(readFileSync(resolve(DERIBIT_BTC_DIR, 'deribit_gamma.json'), 'utf8')) as {
      gamma: Record<string, number>;
    };
    let compared = 0;
    for (const o of snapshot.options) {
      const theirs = deribit.gamma[o.instrument];
      if (theirs === undefined) continue;
      const ours = black76Gamma(o.forward, o.strike, o.iv, (o.expiry - snapshot.asOf) / YEAR_MS);
      expect(Math.abs(ours - theirs), o.instrument).toBeLessThanOrEqual(5e-6);
      compared++;
    }
    expect(compared).toBe(686);
  });

  it('reports the 74 zero-OI rows it dropped', () => {
    expect(report.dropped).toEqual({ 'zero-open-interest': 74 });
  });

  it('splits linearly across expiry views: next + ex-next = all', () => {
    const next = buildGexReport(snapshot, { view: { kind: 'next' } });
    const rest = buildGexReport(snapshot, { view: { kind: 'ex-next' } });
    expect(next.counts.expiries).toBe(1);
    expect(rest.counts.expiries).toBe(10);
    expect(next.netGex + rest.netGex).toBeCloseTo(report.netGex, 0);
    const week = buildGexReport(snapshot, { view: { kind: 'within-days', days: 7 } });
    expect(week.byExpiry.every((e) => e.daysToExpiry <= 7)).toBe(true);
    expect(week.counts.expiries).toBe(report.byExpiry.filter((e) => e.daysToExpiry <= 7).length);
  });

  it('under customer-long is negative at every spot of the profile, with no flip', () => {
    const r = buildGexReport(snapshot, { positioning: { model: 'customer-long' } });
    expect(r.profile.netGex.every((v) => v < 0)).toBe(true);
    expect(r.gammaFlips).toEqual([]);
    expect(r.nearestFlip).toBeNull();
    expect(r.distanceToFlipPct).toBeNull();
  });

  it('under user positions reproduces classic when the book is the classic one', () => {
    const positions = Object.fromEntries(
      snapshot.options.map((o) => [o.instrument, o.type === 'C' ? o.openInterest : -o.openInterest]),
    );
    const r = buildGexReport(snapshot, { positioning: { model: 'positions', positions } });
    expect(r.netGex).toBeCloseTo(report.netGex, 0);
    expect(r.gammaFlips[0]).toBeCloseTo(report.gammaFlips[0]!, 6);
    expect(r.conventions.positioning).toMatch(/^positions:/);
  });
});

describe('Deribit BTC positions book with an expiry view', () => {
  it('ignores positions outside the view and still rejects names not in the snapshot', async () => {
    const snap = await readDeribitDir(DERIBIT_BTC_DIR);
    const book = { 'BTC-26DEC25-100000-C': -100, 'BTC-20NOV25-92000-C': -50 };
    const next = buildGexReport(snap, { view: { kind: 'next' }, positioning: { model: 'positions', positions: book } });
    expect(next.counts.unpositioned).toBe(next.counts.options - 1);
    expect(next.netGex).toBeLessThan(0);
    expect(() =>
      buildGexReport(snap, {
        view: { kind: 'next' },
        positioning: { model: 'positions', positions: { 'BTC-1JAN20-1-C': 1 } },
      }),
    ).toThrow(/BTC-1JAN20-1-C/);
  });
});
