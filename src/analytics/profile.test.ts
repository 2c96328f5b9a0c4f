import { describe, expect, it } from 'vitest';
import { handChain, randomChain } from '../../test/support/syntheticChain.js';
import { toColumnar } from '../chain/columnar.js';
import { dealerPositions } from '../positioning/models.js';
import { findGammaFlips } from './flips.js';
import { gexWeights, netGexAt } from './gexWeights.js';
import { gexProfile, gexProfileDirect } from './profile.js';

function setup(snapshot = randomChain(3000, 7)) {
  const chain = toColumnar(snapshot, snapshot.options);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  return { chain, w, spot: snapshot.spot };
}

/** Σ_i |term_i| at S: the scale against which a sum with cancellation is judged. */
function absSum(chain: ReturnType<typeof toColumnar>, w: Float64Array, s: number): number {
  const x = Math.log(s);
  let total = 0;
  for (let i = 0; i < chain.n; i++) {
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    total += Math.abs(s * w[i]! * Math.exp(-0.5 * d1 * d1));
  }
  return total;
}

describe('GEX profile by recurrence', () => {
  it('equals the direct formula at every point to 1e-9 of the absolute sum of terms', () => {
    const { chain, w, spot } = setup();
    const grid = { lo: spot * 0.8, hi: spot * 1.2, points: 1000 };
    const fast = gexProfile(chain, w, grid);
    const direct = gexProfileDirect(chain, w, grid);
    let worst = 0;
    for (let j = 0; j < grid.points; j++) {
      const scale = absSum(chain, w, fast.spots[j]!);
      worst = Math.max(worst, Math.abs(fast.netGex[j]! - direct.netGex[j]!) / scale);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('keeps 1e-9 relative on a wide ±60 % range where short-dated terms underflow', () => {
    const { chain, w, spot } = setup(randomChain(1500, 11));
    const grid = { lo: spot * 0.4, hi: spot * 1.6, points: 800 };
    const fast = gexProfile(chain, w, grid);
    const direct = gexProfileDirect(chain, w, grid);
    for (let j = 0; j < grid.points; j += 7) {
      const scale = absSum(chain, w, fast.spots[j]!);
      expect(Math.abs(fast.netGex[j]! - direct.netGex[j]!)).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
    }
  });

  it('puts the first and last grid points exactly on the range ends', () => {
    const { chain, w } = setup(handChain([{ strike: 100, type: 'C', oi: 1 }]));
    const p = gexProfile(chain, w, { lo: 80, hi: 120, points: 5 });
    expect(p.spots[0]).toBe(80);
    expect(p.spots[4]).toBe(120);
  });

  it('rejects a grid with fewer than 2 points or lo >= hi', () => {
    const { chain, w } = setup(handChain([{ strike: 100, type: 'C', oi: 1 }]));
    expect(() => gexProfile(chain, w, { lo: 120, hi: 80, points: 10 })).toThrow(/lo < hi/);
    expect(() => gexProfile(chain, w, { lo: 80, hi: 120, points: 1 })).toThrow(/points/);
  });
});

describe('gamma flips', () => {
  it('finds a flip between a put cluster below and a call cluster above, as an exact root', () => {
    // Classic positioning: dealers short the 90 puts (−GEX below), long the 110 calls (+GEX above).
    const { chain, w, spot } = setup(
      handChain([
        { strike: 90, type: 'P', oi: 1000 },
        { strike: 110, type: 'C', oi: 1000 },
      ]),
    );
    const profile = gexProfile(chain, w, { lo: spot * 0.8, hi: spot * 1.2, points: 1000 });
    const { flips } = findGammaFlips(chain, w, profile);
    expect(flips).toHaveLength(1);
    const f = flips[0]!;
    // Symmetric in log-strike around the forward, so the flip sits at √(90·110)·e^{…}; check it as a root:
    const scale = absSum(chain, w, f);
    expect(Math.abs(netGexAt(chain, w, f))).toBeLessThan(1e-12 * scale);
    expect(Math.sign(netGexAt(chain, w, f * (1 - 1e-7)))).toBe(-1);
    expect(Math.sign(netGexAt(chain, w, f * (1 + 1e-7)))).toBe(1);
  });

  it('finds every sign change when there are several', () => {
    const { chain, w, spot } = setup(
      handChain([
        { strike: 85, type: 'P', oi: 1000, iv: 0.2 },
        { strike: 95, type: 'C', oi: 1000, iv: 0.2 },
        { strike: 105, type: 'P', oi: 1000, iv: 0.2 },
        { strike: 115, type: 'C', oi: 1000, iv: 0.2 },
      ]),
    );
    const { flips } = findGammaFlips(chain, w, gexProfile(chain, w, { lo: spot * 0.8, hi: spot * 1.2, points: 1000 }));
    expect(flips).toHaveLength(3);
    expect(flips).toEqual([...flips].sort((a, b) => a - b));
    for (const f of flips) expect(Math.abs(netGexAt(chain, w, f))).toBeLessThan(1e-10 * absSum(chain, w, f));
  });

  it('answers no flip, certified, when net GEX keeps one sign over the range', () => {
    const { chain, w, spot } = setup(handChain([{ strike: 100, type: 'C', oi: 10 }]));
    const found = findGammaFlips(chain, w, gexProfile(chain, w, { lo: spot * 0.8, hi: spot * 1.2, points: 200 }));
    expect(found.flips).toEqual([]);
    expect(found.search).toMatchObject({ certified: true, cells: 199 });
  });
});
