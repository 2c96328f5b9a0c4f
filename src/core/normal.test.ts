import { describe, expect, it } from 'vitest';
import { erfc, erfcByLoops, expMinusSquare } from './normal.js';

/** Cody's split as written before the look-up: two exps. */
function twoExps(x: number): number {
  const y = Math.trunc(x * 16) / 16;
  const del = (x - y) * (x + y);
  return Math.exp(-y * y) * Math.exp(-del);
}

describe('expMinusSquare (the tail term of erfc)', () => {
  it('equals exp(−y²)·exp(−(x−y)(x+y)) computed with two exps, to the last bit, over every sixteenth up to 26.6', () => {
    let checked = 0;
    for (let k = 7; k < 426; k++) {
      for (const offset of [0, 1e-15, 0.001, 0.017, 0.03125, 0.0499, 0.0624999]) {
        const x = k / 16 + offset;
        if (x >= 26.6) continue;
        expect(Object.is(expMinusSquare(x), twoExps(x)), `x = ${x}`).toBe(true);
        checked++;
      }
    }
    for (let x = 0.46875; x < 26.6; x += 0.000731) {
      expect(Object.is(expMinusSquare(x), twoExps(x)), `x = ${x}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(30_000);
  });
});

describe('erfc (Cody in Horner form, coefficients written out)', () => {
  it('equals the loops over the coefficient arrays to the last bit, over all three branches and both signs', () => {
    let checked = 0;
    for (let x = -30; x <= 30; x += 0.000917) {
      expect(Object.is(erfc(x), erfcByLoops(x)), `x = ${x}`).toBe(true);
      checked++;
    }
    for (const x of [0, -0, 1e-17, -1e-17, 0.46875, -0.46875, 4, -4, 26.6, -26.6, Number.NaN]) {
      expect(Object.is(erfc(x), erfcByLoops(x)), `x = ${x}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(60_000);
  });
});
