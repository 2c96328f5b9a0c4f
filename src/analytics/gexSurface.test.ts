import { describe, expect, it } from 'vitest';
import { directLater } from '../../test/support/laterChain.js';
import { handChain, randomChain } from '../../test/support/syntheticChain.js';
import { type ColumnarChain, toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { dealerPositions } from '../positioning/models.js';
import { gexSurface, surfaceRows } from './gexSurface.js';
import { gexWeights } from './gexWeights.js';
import { gexProfile } from './profile.js';

function weightsOf(chain: ColumnarChain) {
  return gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
}

describe('GEX surface', () => {
  const snapshot: ChainSnapshot = { ...randomChain(1500, 21, 100), model: { kind: 'black76', rate: 0.04 } };
  const chain = toColumnar(snapshot, snapshot.options);
  const w = weightsOf(chain);
  const spots = { lo: 80, hi: 120, points: 120 };

  it.each([
    ['the SIMD walk', {}],
    ['the scalar walk', { scalar: true }],
  ])(
    'equals the direct formula on the chain rebuilt at each later date, to 1e-9 of the sum of |terms| (%s)',
    (_, sweep) => {
      const days = [0, 0.5, 1, 3, 7, 30, 100];
      const surface = gexSurface(chain, w, { spots, days }, sweep);
      expect(surface.netGex).toHaveLength(days.length);
      days.forEach((day, k) => {
        for (let j = 0; j < spots.points; j++) {
          const { value, scale } = directLater(snapshot, day, surface.spots[j]!);
          expect(Math.abs(surface.netGex[k]![j]! - value), `day ${day}, spot ${j}`).toBeLessThanOrEqual(1e-9 * scale);
        }
      });
    },
  );

  it('is the profile on day 0, to rounding (it sums the options in expiry order)', () => {
    const today = gexSurface(chain, w, { spots, days: [0] }).netGex[0]!;
    const profile = gexProfile(chain, w, spots);
    let absWeight = 0;
    for (let i = 0; i < chain.n; i++) absWeight += Math.abs(w[i]!);
    for (let j = 0; j < spots.points; j++) {
      const bound = 1e-13 * profile.spots[j]! * absWeight;
      expect(Math.abs(today[j]! - profile.netGex[j]!), `spot ${j}`).toBeLessThanOrEqual(bound);
    }
  });

  it('drops the options expired by the later date', () => {
    const c = toColumnar(
      handChain([
        { strike: 100, type: 'C', oi: 10, days: 2 },
        { strike: 100, type: 'P', oi: 10, days: 60 },
      ]),
      handChain([
        { strike: 100, type: 'C', oi: 10, days: 2 },
        { strike: 100, type: 'P', oi: 10, days: 60 },
      ]).options,
    );
    const cw = weightsOf(c);
    const [before, after] = gexSurface(c, cw, { spots, days: [1, 2] }).netGex as [Float64Array, Float64Array];
    // the call still counts on day 1; from day 2 only the dealers' short put is left: negative everywhere
    expect(Math.max(...before)).toBeGreaterThan(0);
    expect(Math.max(...after)).toBeLessThan(0);
  });

  it('refuses a negative or non-finite day, naming it', () => {
    expect(() => gexSurface(chain, w, { spots, days: [1, -1] })).toThrow(
      /surface day \(-1\) must be a finite number >= 0/,
    );
    expect(() => gexSurface(chain, w, { spots, days: [Number.NaN] })).toThrow(/surface day \(NaN\)/);
  });

  it('gives a report rows for day 0 to N over the range, with its units', () => {
    const q = dealerPositions(chain, { model: 'classic' }).q;
    const rows = surfaceRows(chain, q, { lo: 80, hi: 120 }, { days: 3, spots: 5 });
    expect(rows.days).toEqual([0, 1, 2, 3]);
    expect(rows.spots).toHaveLength(5);
    expect(rows.spots[0]).toBe(80);
    expect(rows.spots[4]).toBe(120);
    expect(rows.netGex.map((r) => r.length)).toEqual([5, 5, 5, 5]);
    expect(rows.units).toMatch(/USD of dealer delta change per 1 % move; days: calendar days of 24 h/);
  });
});
