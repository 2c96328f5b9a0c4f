import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../../test/support/syntheticChain.js';
import { toColumnar } from '../../chain/columnar.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { black76 } from '../../core/black76.js';
import { brentRoot } from '../../core/brent.js';
import { normCdf } from '../../core/normal.js';
import { skewReport } from './skew.js';

function skew(snap: ChainSnapshot) {
  return skewReport(toColumnar(snap, snap.options));
}

/** Calls and puts at every strike from lo to hi, IV from the smile function of log-moneyness ln(K/F). */
function smileChain(smile: (k: number) => number, opts: { forward: number; lo: number; hi: number; step: number }) {
  const specs: QuoteSpec[] = [];
  for (let strike = opts.lo; strike <= opts.hi; strike += opts.step) {
    const iv = smile(Math.log(strike / opts.forward));
    specs.push({ strike, type: 'C', oi: 10, iv, forward: opts.forward, days: 30 });
    specs.push({ strike, type: 'P', oi: 10, iv, forward: opts.forward, days: 30 });
  }
  return handChain(specs);
}

/** The log-moneyness where the forward delta (own vol) reaches `target`: root of the continuous smile. */
function kAtDelta(smile: (k: number) => number, target: number, t: number): number {
  const delta = (k: number) => {
    const sd = smile(k) * Math.sqrt(t);
    const d1 = -k / sd + 0.5 * sd;
    return target > 0 ? normCdf(d1) - target : normCdf(d1) - 1 - target;
  };
  return brentRoot(delta, -1.5, 1.5, { relTol: 1e-14 });
}

const T30 = 30 / 365;

describe('skew per expiry', () => {
  it('gives ATM = σ, RR = 0 and BF = 0 on a flat smile', () => {
    const s = skew(smileChain(() => 0.5, { forward: 100, lo: 60, hi: 140, step: 2 })).expiries[0]!;
    expect(s.atmIv).toBe(0.5);
    expect(s.rr25).toBe(0);
    expect(s.bf25).toBe(0);
    expect(s.reasons).toEqual([]);
  });

  it('recovers ATM IV, 25Δ call and put vols of a skewed smile against the root of the continuous smile', () => {
    const smile = (k: number) => 0.5 - 0.3 * k + 0.4 * k * k;
    const s = skew(smileChain(smile, { forward: 100.5, lo: 40, hi: 200, step: 1 })).expiries[0]!;
    const c25 = smile(kAtDelta(smile, 0.25, T30));
    const p25 = smile(kAtDelta(smile, -0.25, T30));
    // Linear interpolation between strikes 1 apart: errors of order (Δk)²·σ''/8 ≈ 5e-5 at most here.
    const tol = 1e-4;
    expect(Math.abs(s.atmIv! - smile(0))).toBeLessThan(tol);
    expect(Math.abs(s.call25Iv! - c25)).toBeLessThan(tol);
    expect(Math.abs(s.put25Iv! - p25)).toBeLessThan(tol);
    expect(Math.abs(s.rr25! - (c25 - p25))).toBeLessThan(2 * tol);
    expect(s.rr25).toBeLessThan(-0.05); // puts over calls
    expect(Math.abs(s.bf25! - ((c25 + p25) / 2 - smile(0)))).toBeLessThan(2 * tol);
    expect(s.bf25).toBeGreaterThan(0); // the smile's curvature
  });

  it('ignores in-the-money quotes: calls below and puts above the forward do not move the numbers', () => {
    const base = smileChain(() => 0.5, { forward: 100, lo: 60, hi: 140, step: 2 });
    const noisy = handChain([
      ...base.options.map((o) => ({ strike: o.strike, type: o.type, oi: o.openInterest, iv: o.iv, days: 30 })),
      { strike: 81, type: 'C', oi: 50, iv: 2, days: 30 },
      { strike: 119, type: 'P', oi: 50, iv: 2, days: 30 },
    ]);
    const s = skew(noisy).expiries[0]!;
    expect(s.rr25).toBe(0);
    expect(s.smile.some((p) => p.strike === 81 || p.strike === 119)).toBe(false);
  });

  it('merges listings that share expiry, strike and type with their OI-weighted mean IV', () => {
    const snap = handChain([
      { strike: 90, type: 'P', oi: 100, iv: 0.4 },
      { strike: 90, type: 'P', oi: 300, iv: 0.6 },
      { strike: 110, type: 'C', oi: 10, iv: 0.5 },
    ]);
    const p = skew(snap).expiries[0]!.smile.find((x) => x.type === 'P')!;
    expect(p.iv).toBeCloseTo(0.55, 14);
    expect(p.openInterest).toBe(400);
  });

  it('gives each smile point its log-moneyness and the Black-76 forward delta with its own vol', () => {
    const snap = smileChain((k) => 0.6 - 0.2 * k, { forward: 101, lo: 80, hi: 120, step: 5 });
    const smile = skew(snap).expiries[0]!.smile;
    expect(smile.map((p) => p.type).join('')).toBe('PPPPPCCCC'); // 100 < F = 101: a put
    for (const p of smile) {
      const phi = p.type === 'C' ? 1 : -1;
      const want = black76({ phi, forward: 101, strike: p.strike, vol: p.iv, t: T30 }).delta;
      expect(p.delta).toBeCloseTo(want, 14);
      expect(p.logMoneyness).toBeCloseTo(Math.log(p.strike / 101), 15);
    }
  });

  it('says "not enough data" with a reason when a side has too few OTM strikes, and leaves RR and BF null', () => {
    const snap = handChain([
      { strike: 80, type: 'P', oi: 5 },
      { strike: 90, type: 'P', oi: 5 },
      { strike: 95, type: 'P', oi: 5 },
      { strike: 105, type: 'C', oi: 5 },
    ]);
    const s = skew(snap).expiries[0]!;
    expect(s.atmIv).not.toBeNull();
    expect(s.call25Iv).toBeNull();
    expect(s.rr25).toBeNull();
    expect(s.bf25).toBeNull();
    expect(s.reasons.join(' ')).toMatch(/calls: 1 OTM quote/);
  });

  it('says so when the OTM deltas never reach 25 (strikes too close to the forward)', () => {
    const snap = handChain([
      { strike: 99, type: 'P', oi: 5, days: 90 },
      { strike: 98, type: 'P', oi: 5, days: 90 },
      { strike: 101, type: 'C', oi: 5, days: 90 },
      { strike: 102, type: 'C', oi: 5, days: 90 },
    ]);
    const s = skew(snap).expiries[0]!;
    expect(s.put25Iv).toBeNull();
    expect(s.reasons.join(' ')).toMatch(/never reach 0\.25/);
  });

  it('has no ATM IV when no OTM call lies above the forward', () => {
    const s = skew(handChain([{ strike: 90, type: 'P', oi: 5 }])).expiries[0]!;
    expect(s.atmIv).toBeNull();
    expect(s.reasons[0]).toMatch(/no OTM call above the forward/);
  });

  it('lists the term structure as ATM IV against days to expiry, nearest first', () => {
    const snap = handChain([
      { strike: 95, type: 'P', oi: 5, days: 60, iv: 0.4 },
      { strike: 105, type: 'C', oi: 5, days: 60, iv: 0.4 },
      { strike: 95, type: 'P', oi: 5, days: 7, iv: 0.7 },
      { strike: 105, type: 'C', oi: 5, days: 7, iv: 0.7 },
    ]);
    const ts = skew(snap).termStructure;
    expect(ts.map((p) => p.daysToExpiry)).toEqual([7, 60]);
    expect(ts[0]!.atmIv).toBeCloseTo(0.7, 14);
    expect(ts[1]!.atmIv).toBeCloseTo(0.4, 14);
  });
});
