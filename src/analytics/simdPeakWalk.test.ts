import { describe, expect, it } from 'vitest';
import { randomChain, seededRandom } from '../../test/support/syntheticChain.js';
import { columnarSubset, toColumnar } from '../chain/columnar.js';
import { dealerPositions } from '../positioning/models.js';
import { gexWeights } from './gexWeights.js';
import { gexProfile, walk } from './profile.js';
import { profileWithCells } from './profileCells.js';
import { type PeakRows, SIMD_SWEEP_FROM, SimdPeakWalk } from './simdPeakWalk.js';

const POINTS = 60;

/** Five rows of one target, filled with distinct values (a walk adds to what is there). */
function rows(seed: number): PeakRows {
  const rnd = seededRandom(seed);
  const row = () => Float64Array.from({ length: POINTS }, () => rnd() - 0.5);
  return { peak: row(), firstUp: row(), up: row(), firstDown: row(), down: row() };
}

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('the SIMD peak walk (the profile sweep walk() in WebAssembly SIMD)', () => {
  it('is made where the runtime has WebAssembly SIMD (Node 20 has)', () => {
    expect(SimdPeakWalk.create()).toBeInstanceOf(SimdPeakWalk);
  });

  it('adds the same terms as walk() to the last bit, up and down, into one row or two, every length up to 50', () => {
    const kernel = SimdPeakWalk.create()!;
    const rnd = seededRandom(3);
    let checked = 0;
    for (let count = 0; count <= 50; count++) {
      for (const dir of [1, -1] as const) {
        for (const two of [false, true]) {
          const a = rows(count * 4 + (dir === 1 ? 0 : 2) + (two ? 1 : 0));
          const b = rows(1000 + count);
          const expectedA = Float64Array.from(a.up);
          const expectedB = Float64Array.from(b.up);
          const p = dir === 1 ? POINTS - 2 - count : count + 1;
          const delta = 0.01 + 0.2 * rnd();
          const dp = (rnd() - 0.5) * 4;
          const c = Math.exp(-delta * delta);
          const r0 = Math.exp(-dir * dp * delta - 0.5 * delta * delta) * c;
          const tp = (rnd() - 0.3) * 1e6;
          walk(expectedA, p, dir, count, tp, r0, c);
          if (two) walk(expectedB, p, dir, count, tp, r0, c);
          const va = kernel.targets(a);
          const vb = kernel.targets(b);
          kernel.walk(va.up, two ? vb.up : null, p, dir, count, tp, r0, c);
          kernel.unbind();
          const label = `count ${count}, dir ${dir}, ${two ? 'two rows' : 'one row'}`;
          expect(bytes(a.up), label).toEqual(bytes(expectedA));
          expect(bytes(b.up), label).toEqual(bytes(expectedB));
          checked++;
        }
      }
    }
    expect(checked).toBe(51 * 4);
  });

  it('keeps rows that are one array one array while bound (the profile adds every term into one row)', () => {
    const kernel = SimdPeakWalk.create()!;
    const acc = Float64Array.from({ length: POINTS }, (_, j) => j);
    const one: PeakRows = { peak: acc, firstUp: acc, up: acc, firstDown: acc, down: acc };
    const expected = Float64Array.from(acc);
    expected[30]! += 1;
    walk(expected, 30, 1, 20, 0.5, 0.9, 0.99);
    const v = kernel.targets(one);
    v.peak[30]! += 1;
    kernel.walk(v.up, null, 30, 1, 20, 0.5, 0.9, 0.99);
    kernel.unbind();
    expect(bytes(acc)).toEqual(bytes(expected));
  });

  it('keeps earlier targets when its memory grows for a later one', () => {
    const kernel = SimdPeakWalk.create()!;
    const small = rows(1);
    const v = kernel.targets(small);
    const big = Float64Array.from({ length: 40_000 }, (_, j) => j);
    kernel.targets({ peak: big, firstUp: big, up: big, firstDown: big, down: big });
    kernel.targets(small).down[3]! += 1; // the view after growth
    expect(v === kernel.targets(small)).toBe(false);
    const before = small.down[3]!;
    kernel.unbind();
    expect(small.down[3]).toBe(before + 1);
    expect(big[39_999]).toBe(39_999);
  });

  it('gives a big chain (swept by the kernel) the same profile and cells to the last bit as its parts swept in JavaScript would add up to when one part is the whole', () => {
    const snap = randomChain(3 * SIMD_SWEEP_FROM, 21);
    const chain = toColumnar(snap, snap.options);
    const q = dealerPositions(chain, { model: 'classic' }).q;
    const grid = { lo: snap.spot * 0.8, hi: snap.spot * 1.2, points: 1000 };
    // the first SIMD_SWEEP_FROM − 1 options alone are swept in JavaScript: equal to the kernel's
    // sweep of the same options, padded by options of weight 0 (which the sweep skips)
    const few = Int32Array.from({ length: SIMD_SWEEP_FROM - 1 }, (_, i) => i);
    const small = columnarSubset(chain, few);
    const smallW = gexWeights(
      small,
      Float64Array.from(few, (i) => q[i]!),
    );
    const padded = new Float64Array(chain.n);
    padded.set(smallW);
    const scalar = profileWithCells(small, smallW, grid);
    const simd = profileWithCells(chain, padded, grid);
    expect(bytes(simd.profile.netGex)).toEqual(bytes(scalar.profile.netGex));
    expect(bytes(simd.lower)).toEqual(bytes(scalar.lower));
    expect(bytes(simd.upper)).toEqual(bytes(scalar.upper));
    expect(bytes(gexProfile(chain, padded, grid).netGex)).toEqual(bytes(gexProfile(small, smallW, grid).netGex));
  });
});
