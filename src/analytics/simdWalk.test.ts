import { describe, expect, it } from 'vitest';
import { walk } from './profile.js';
import { GROUP_SLOTS, SimdWalk } from './simdWalk.js';

/** `count` walks of Gaussian terms, as the surface starts them from grid point 0. */
function walks(count: number) {
  return Array.from({ length: count }, (_, k) => {
    const delta = 0.01 + 0.003 * k;
    const d0 = -3 + 0.37 * k;
    return {
      weight: (k % 3 === 0 ? -1 : 1) * (1 + k),
      lnT: -0.5 * d0 * d0,
      lnR: -d0 * delta - 0.5 * delta * delta,
      lnC: -delta * delta,
    };
  });
}

describe('the SIMD whole-grid walk', () => {
  it('is made where the runtime has WebAssembly SIMD (Node 20 has)', () => {
    expect(SimdWalk.create()).toBeInstanceOf(SimdWalk);
  });

  it.each([1, 8, 13, 24])(
    'adds the same terms as the scalar walk into the row, for %i options (groups of eight, the last one partial)',
    (count) => {
      const kernel = SimdWalk.create()!;
      const points = 57;
      const ws = walks(count);
      const { view, groupsAt } = kernel.slots(points, count);
      view.fill(Number.NaN); // stale memory must not leak into the row
      ws.forEach((x, k) => {
        const at = groupsAt + GROUP_SLOTS * (k >> 3) + (k & 7);
        view[at] = x.lnT;
        view[at + 8] = x.lnR;
        view[at + 16] = x.lnC;
        view[at + 24] = x.weight;
      });
      const acc = new Float64Array(points).fill(5);
      kernel.run(acc, count);
      const expected = new Float64Array(points).fill(5);
      let absSum = 0;
      for (const x of ws) {
        const t0 = x.weight * Math.exp(x.lnT);
        expected[0]! += t0;
        walk(expected, 0, 1, points - 1, t0, Math.exp(x.lnR), Math.exp(x.lnC));
        absSum += Math.abs(t0) * 1e3;
      }
      for (let j = 0; j < points; j++)
        expect(Math.abs(acc[j]! - expected[j]!), `point ${j}`).toBeLessThan(1e-14 * absSum);
    },
  );

  it("takes each exp within 2 ulp of Math.exp over the walks' exponents (|x| up to 65)", () => {
    const kernel = SimdWalk.create()!;
    const xs = Array.from({ length: 2001 }, (_, k) => -65 + (130 * k) / 2000).concat([0, -1e-17, Math.LN2 / 2]);
    for (const x of xs) {
      // one option of weight 1 whose first term is e^x: the row's first point holds it alone
      const { view, groupsAt } = kernel.slots(2, 1);
      view.fill(0, groupsAt, groupsAt + GROUP_SLOTS);
      view[groupsAt] = x;
      view[groupsAt + 24] = 1;
      const acc = new Float64Array(2);
      kernel.run(acc, 1);
      expect(Math.abs(acc[0]! - Math.exp(x)), `exp(${x})`).toBeLessThanOrEqual(4.5e-16 * Math.exp(x));
    }
  });

  it('grows its memory for a chain bigger than the last one', () => {
    const kernel = SimdWalk.create()!;
    const points = 200;
    const count = 20_000;
    const { view, groupsAt } = kernel.slots(points, count);
    expect(view.length).toBeGreaterThanOrEqual(groupsAt + GROUP_SLOTS * Math.ceil(count / 8));
    // exponents 0 and weight 1: every term is 1
    view.fill(0, groupsAt, groupsAt + GROUP_SLOTS * Math.ceil(count / 8));
    for (let k = 0; k < count; k++) view[groupsAt + GROUP_SLOTS * (k >> 3) + 24 + (k & 7)] = 1;
    const acc = new Float64Array(points);
    kernel.run(acc, count);
    expect([...acc].every((v) => v === count)).toBe(true);
  });
});
