import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76, black76Gamma } from './black76.js';
import { bsm } from './bsm.js';
import { impliedVol } from './impliedVol.js';
import { normCdf } from './normal.js';

const arbInput = fc.record({
  forward: fc.double({ min: 50, max: 200, noNaN: true }),
  strike: fc.double({ min: 50, max: 200, noNaN: true }),
  vol: fc.double({ min: 0.05, max: 3, noNaN: true }),
  t: fc.double({ min: 1 / (365 * 24), max: 3, noNaN: true }),
});

describe('normal cdf', () => {
  // Reference values: 50-digit mpmath ncdf.
  it.each([
    [-37, 5.7255712225239266e-300],
    [-20, 2.7536241186061556e-89],
    [-10, 7.61985302416047e-24],
    [-5, 2.866515718791933e-7],
    [-1, 0.15865525393145707],
    [0.3, 0.6179114221889526],
    [3, 0.9986501019683699],
  ])('Φ(%d) matches the 50-digit value to 5e-14 relative (so far below 1e-15 absolute)', (x, want) => {
    expect(Math.abs(normCdf(x) - want)).toBeLessThanOrEqual(5e-14 * want);
  });
});

describe('Black-76 kernel', () => {
  it('satisfies put-call parity C − P = F − K', () => {
    fc.assert(
      fc.property(arbInput, ({ forward, strike, vol, t }) => {
        const c = black76({ phi: 1, forward, strike, vol, t }).price;
        const p = black76({ phi: -1, forward, strike, vol, t }).price;
        expect(Math.abs(c - p - (forward - strike))).toBeLessThanOrEqual(1e-12 * Math.max(forward, strike));
      }),
    );
  });

  it('gives the same gamma for calls and puts, equal to black76Gamma', () => {
    fc.assert(
      fc.property(arbInput, ({ forward, strike, vol, t }) => {
        const gc = black76({ phi: 1, forward, strike, vol, t }).gamma;
        const gp = black76({ phi: -1, forward, strike, vol, t }).gamma;
        expect(gp).toBe(gc);
        expect(black76Gamma(forward, strike, vol, t)).toBe(gc);
      }),
    );
  });

  it('has gamma equal to a central difference of delta', () => {
    const h = 1e-3;
    const g = black76({ phi: 1, forward: 100, strike: 105, vol: 0.4, t: 0.1 });
    const up = black76({ phi: 1, forward: 100 + h, strike: 105, vol: 0.4, t: 0.1 }).delta;
    const dn = black76({ phi: 1, forward: 100 - h, strike: 105, vol: 0.4, t: 0.1 }).delta;
    expect(Math.abs((up - dn) / (2 * h) - g.gamma)).toBeLessThan(1e-8);
  });

  it('returns NaN (never throws) for invalid input', () => {
    expect(black76({ phi: 1, forward: -1, strike: 100, vol: 0.2, t: 1 }).price).toBeNaN();
    expect(black76({ phi: 1, forward: 100, strike: 100, vol: Number.NaN, t: 1 }).gamma).toBeNaN();
    expect(black76Gamma(100, -5, 0.2, 1)).toBeNaN();
  });

  it('is worth intrinsic value with zero greeks at expiry', () => {
    const g = black76({ phi: -1, forward: 90, strike: 100, vol: 0.5, t: 0 });
    expect(g.price).toBe(10);
    expect(g.delta).toBe(-1);
    expect(g.gamma).toBe(0);
  });

  it('BSM with rate = yield equals discounted Black-76 on a forward equal to spot', () => {
    const b = bsm({ phi: 1, spot: 100, strike: 110, vol: 0.3, t: 0.5, rate: 0.04, yield: 0.04 });
    const k = black76({ phi: 1, forward: 100, strike: 110, vol: 0.3, t: 0.5 });
    const d = Math.exp(-0.04 * 0.5);
    expect(b.price).toBeCloseTo(d * k.price, 14);
    expect(b.gamma).toBeCloseTo(d * k.gamma, 16);
  });
});

describe('implied vol', () => {
  it('round-trips price → vol → price for 1-hour to 3-year expiries and 5 % to 300 % vol', () => {
    fc.assert(
      fc.property(arbInput, fc.constantFrom<1 | -1>(1, -1), ({ forward, strike, vol, t }, phi) => {
        const price = black76({ phi, forward, strike, vol, t }).price;
        const intrinsic = Math.max(phi * (forward - strike), 0);
        // Below ~1e-12 of the underlying the time value is lost in the double rounding of the price.
        fc.pre(price - intrinsic > 1e-9 * forward && price < (phi === 1 ? forward : strike) * (1 - 1e-9));
        const iv = impliedVol({ phi, price, forward, strike, t });
        expect(iv.reason).toBeUndefined();
        const back = black76({ phi, forward, strike, vol: iv.vol, t }).price;
        expect(Math.abs(back - price)).toBeLessThanOrEqual(1e-12 * forward);
      }),
      { numRuns: 2000 },
    );
  });

  it('recovers deep in- and out-of-the-money vols', () => {
    for (const [phi, strike] of [
      [1, 40],
      [1, 250],
      [-1, 40],
      [-1, 250],
    ] as const) {
      const price = black76({ phi, forward: 100, strike, vol: 0.8, t: 0.25 }).price;
      expect(impliedVol({ phi, price, forward: 100, strike, t: 0.25 }).vol).toBeCloseTo(0.8, 8);
    }
  });

  it('answers NaN with a reason when the price is outside the arbitrage bounds', () => {
    const below = impliedVol({ phi: 1, price: 9, forward: 110, strike: 100, t: 1 });
    expect(below.vol).toBeNaN();
    expect(below.reason).toMatch(/below intrinsic/);
    const above = impliedVol({ phi: 1, price: 111, forward: 110, strike: 100, t: 1 });
    expect(above.reason).toMatch(/upper bound/);
    expect(impliedVol({ phi: 1, price: 5, forward: 100, strike: -5, t: 1 }).reason).toMatch(/strike \(-5\)/);
    expect(impliedVol({ phi: 1, price: Number.NaN, forward: 100, strike: 100, t: 1 }).reason).toMatch(/price \(NaN\)/);
  });
});
