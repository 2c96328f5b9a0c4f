import { describe, expect, it } from 'vitest';
import { walk } from './profile.js';
import { GROUP_SLOTS, SimdWalk } from './simdWalk.js';

/** `count` walks of Gaussian terms over `points` points, as the surface starts them from grid point 0. */
function walks(count: number, points: number) {
  return Array.from({ length: count }, (_, k) => {
    const delta = 0.01 + 0.003 * k;
    const d0 = -3 + 0.37 * k;
    return {
      t0: (k % 3 === 0 ? -1 : 1) * (1 + k) * Math.exp(-0.5 * d0 * d0),
      r0: Math.exp(-d0 * delta - 0.5 * delta * delta),
      c: Math.exp(-delta * delta),
      points,
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
      const ws = walks(count, points);
      const { view, groupsAt } = kernel.slots(points, count);
      view.fill(Number.NaN); // stale memory must not leak into the row
      ws.forEach((x, k) => {
        const at = groupsAt + GROUP_SLOTS * (k >> 3) + (k & 7);
        view[at] = x.t0;
        view[at + 8] = x.r0;
        view[at + 16] = x.c;
      });
      const acc = new Float64Array(points).fill(5);
      kernel.run(acc, count);
      const expected = new Float64Array(points).fill(5);
      let absSum = 0;
      for (const x of ws) {
        expected[0]! += x.t0;
        walk(expected, 0, 1, points - 1, x.t0, x.r0, x.c);
        absSum += Math.abs(x.t0) * 1e3;
      }
      for (let j = 0; j < points; j++)
        expect(Math.abs(acc[j]! - expected[j]!), `point ${j}`).toBeLessThan(1e-14 * absSum);
    },
  );

  it('grows its memory for a chain bigger than the last one', () => {
    const kernel = SimdWalk.create()!;
    const points = 200;
    const count = 20_000;
    const { view, groupsAt } = kernel.slots(points, count);
    expect(view.length).toBeGreaterThanOrEqual(groupsAt + GROUP_SLOTS * Math.ceil(count / 8));
    for (let k = 0; k < count; k++) {
      const at = groupsAt + GROUP_SLOTS * (k >> 3) + (k & 7);
      view[at] = 1;
      view[at + 8] = 1;
      view[at + 16] = 1;
    }
    const acc = new Float64Array(points);
    kernel.run(acc, count);
    expect([...acc].every((v) => v === count)).toBe(true);
  });
});
