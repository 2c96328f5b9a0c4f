import { describe, expect, it } from 'vitest';
import { handChain, randomChain, seededRandom } from '../../test/support/syntheticChain.js';
import { columnarSubset, toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { dealerPositions } from '../positioning/models.js';
import { emptyCellScan, scanCell } from './exactCell.js';
import { gexWeights, netGexAt } from './gexWeights.js';
import { gexProfile, logGrid } from './profile.js';
import { CellSums, profileWithCells } from './profileCells.js';

function setup(snapshot: ChainSnapshot) {
  const chain = toColumnar(snapshot, snapshot.options);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  return { chain, w, spot: snapshot.spot };
}

/** A random chain with very short-dated options too: bumps narrower than a grid cell. */
function spikyChain(seed: number): ChainSnapshot {
  const rnd = seededRandom(seed);
  const base = randomChain(400, seed, 100);
  const spikes = handChain(
    Array.from({ length: 60 }, () => ({
      strike: 100 * Math.exp((rnd() - 0.5) * 0.3),
      type: rnd() < 0.5 ? ('C' as const) : ('P' as const),
      oi: 1 + rnd() * 50,
      iv: 0.1 + rnd() * 0.4,
      days: 0.001 + rnd() * 0.05,
    })),
    100,
  );
  return { ...base, options: [...base.options, ...spikes.options] };
}

/** G(x) = net GEX / S at spot s, the function the bounds are about. */
const gAt = (c: ReturnType<typeof setup>, s: number) => netGexAt(c.chain, c.w, s) / s;

describe('profile cell bounds', () => {
  it('give the same profile as gexProfile to 1e-12 of the sum of absolute terms', () => {
    const c = setup(randomChain(2000, 3));
    const grid = { lo: c.spot * 0.8, hi: c.spot * 1.2, points: 1000 };
    const plain = gexProfile(c.chain, c.w, grid);
    const { profile } = profileWithCells(c.chain, c.w, grid);
    let absMax = 0;
    for (let j = 0; j < grid.points; j++) absMax = Math.max(absMax, Math.abs(plain.netGex[j]!));
    for (let j = 0; j < grid.points; j++) {
      expect(profile.spots[j]).toBe(plain.spots[j]);
      expect(Math.abs(profile.netGex[j]! - plain.netGex[j]!)).toBeLessThan(1e-12 * absMax);
    }
  });

  it('hold net GEX / S at every interior point of every cell, spikes between grid points included', () => {
    for (const seed of [1, 2, 3]) {
      const c = setup(spikyChain(seed));
      const grid = { lo: 80, hi: 120, points: 300 };
      const { lower, upper, slack } = profileWithCells(c.chain, c.w, grid);
      const spots = logGrid(grid);
      for (let j = 0; j < grid.points - 1; j++) {
        for (let k = 0; k <= 8; k++) {
          const s = spots[j]! * (spots[j + 1]! / spots[j]!) ** (k / 8);
          const g = gAt(c, s);
          expect(g, `cell ${j}, point ${k}`).toBeGreaterThanOrEqual(lower[j]! - slack[j]!);
          expect(g, `cell ${j}, point ${k}`).toBeLessThanOrEqual(upper[j]! + slack[j]!);
        }
      }
    }
  });

  it('bound a bump that lies wholly between two grid points, which the profile itself skips', () => {
    // σ√t ≈ 1e-5 in ln S against a grid step of 4e-4: centred in a cell, every grid point is in the tail.
    const grid = { lo: 80, hi: 120, points: 1000 };
    const spots = logGrid(grid);
    const mid = Math.sqrt(spots[500]! * spots[501]!);
    const c = setup(handChain([{ strike: mid, type: 'C', oi: 1, iv: 0.2, days: 1e-6 }]));
    const { profile, upper } = profileWithCells(c.chain, c.w, grid);
    expect(Math.max(...profile.netGex)).toBe(0);
    const peak = gAt(c, mid * Math.exp(-0.5 * c.chain.stdDev[0]! ** 2));
    expect(peak).toBeGreaterThan(0);
    expect(upper[500]).toBeGreaterThanOrEqual(peak);
  });
});

describe('exact cell scan', () => {
  it('sums the ends exactly as netGexAt does', () => {
    const c = setup(randomChain(500, 5));
    const scan = scanCell(c.chain, c.w, 3900, 3910, emptyCellScan());
    expect(3900 * scan.ga).toBe(netGexAt(c.chain, c.w, 3900));
    expect(3910 * scan.gb).toBe(netGexAt(c.chain, c.w, 3910));
  });

  it('reaches up to the peak of a bump that lies wholly inside the cell', () => {
    const spots = logGrid({ lo: 80, hi: 120, points: 1000 });
    const mid = Math.sqrt(spots[500]! * spots[501]!);
    const c = setup(handChain([{ strike: mid, type: 'C', oi: 1, iv: 0.2, days: 1e-6 }]));
    const scan = scanCell(c.chain, c.w, spots[500]!, spots[501]!, emptyCellScan());
    expect(scan.ga).toBeLessThan(1e-60 * c.w[0]!);
    expect(scan.hi).toBeGreaterThanOrEqual(gAt(c, mid * Math.exp(-0.5 * c.chain.stdDev[0]! ** 2)));
  });

  it('bounds net GEX / S and its slope in ln S at interior points of random cells', () => {
    const c = setup(spikyChain(9));
    const rnd = seededRandom(4);
    const scan = emptyCellScan();
    for (let trial = 0; trial < 200; trial++) {
      const a = 85 + rnd() * 30;
      const b = a * Math.exp(rnd() * 2e-3);
      scanCell(c.chain, c.w, a, b, scan);
      for (let k = 0; k <= 6; k++) {
        const s = a * (b / a) ** (k / 6);
        const g = gAt(c, s);
        expect(g).toBeGreaterThanOrEqual(scan.lo - scan.slack);
        expect(g).toBeLessThanOrEqual(scan.hi + scan.slack);
        // dG/dx by the direct formula: Σ w_i·(−d_i/σ_i√t_i)·exp(−d_i²/2)
        const x = Math.log(s);
        let slope = 0;
        for (let i = 0; i < c.chain.n; i++) {
          const d = (x + c.chain.d1Shift[i]!) / c.chain.stdDev[i]!;
          slope += (c.w[i]! * -d * Math.exp(-0.5 * d * d)) / c.chain.stdDev[i]!;
        }
        expect(slope).toBeGreaterThanOrEqual(scan.dLo - scan.dSlack - 1e-12 * Math.abs(slope));
        expect(slope).toBeLessThanOrEqual(scan.dHi + scan.dSlack + 1e-12 * Math.abs(slope));
      }
    }
  });
});

describe('CellSums.withAndWithout (the map and the map without some options, one sweep)', () => {
  /** The arrays of some cells as bytes: equality to the last bit. */
  const bits = (c: ReturnType<typeof profileWithCells>) =>
    [c.profile.spots, c.profile.netGex, c.lower, c.upper, c.slack].map((a) => Buffer.from(a.buffer));

  it('equals profileWithCells of all options and of the rest, to the last bit, whichever options are left out', () => {
    const cases: [string, ChainSnapshot][] = [
      ['random', randomChain(3000, 11)],
      ['spiky (bumps narrower than a cell)', spikyChain(5)],
    ];
    for (const [name, snap] of cases) {
      const c = setup(snap);
      const { q } = dealerPositions(c.chain, { model: 'classic' });
      const rnd = seededRandom(9);
      const first = c.chain.expiryIndex;
      const masks: [string, (i: number) => boolean][] = [
        ['the first expiry', (i) => first[i] === 0],
        ['a random half', () => rnd() < 0.5],
        ['nearly all', () => rnd() < 0.98],
        ['none', () => false],
      ];
      for (const points of [1000, 7]) {
        const grid = { lo: c.spot * 0.8, hi: c.spot * 1.2, points };
        for (const [what, leave] of masks) {
          const leftOut = Uint8Array.from({ length: c.chain.n }, (_, i) => (leave(i) ? 1 : 0));
          const kept = Int32Array.from(c.chain.strike.keys()).filter((i) => leftOut[i] === 0);
          const restChain = columnarSubset(c.chain, kept);
          const { all, rest } = CellSums.withAndWithout(c.chain, c.w, leftOut, grid);
          const label = `${name}, ${points} points, without ${what}`;
          expect(bits(all), label).toEqual(bits(profileWithCells(c.chain, c.w, grid)));
          const restW = gexWeights(
            restChain,
            Float64Array.from(kept, (i) => q[i]!),
          );
          expect(bits(rest), label).toEqual(bits(profileWithCells(restChain, restW, grid)));
        }
      }
    }
  });
});
