import { describe, expect, it } from 'vitest';
import { neweyWestLag, olsHac } from './har.js';

function fitted(x: Float64Array[], y: Float64Array, lag: number) {
  const f = olsHac(x, y, lag);
  if (f === null) throw new Error('no fit');
  return f;
}

describe('OLS with Newey–West HAC standard errors', () => {
  it('on an intercept alone with lag 1 gives the mean and sqrt((Σe² + 2·½·Σ e_t e_t−1) / n²), by hand 0.599479…', () => {
    // y = 1, 2, 4, 3: mean 2.5, e = −1.5, −0.5, 1.5, 0.5; Σe² = 5, Σ e_t e_t−1 = 0.75; S = 5.75; V = 5.75 / 16
    const f = fitted(
      [1, 1, 1, 1].map((x) => Float64Array.of(x)),
      Float64Array.of(1, 2, 4, 3),
      1,
    );
    expect(f.coefficients[0]).toBeCloseTo(2.5, 14);
    expect(f.hacSe[0]).toBeCloseTo(Math.sqrt(5.75 / 16), 14);
  });

  it('with lag 0 gives the slope’s White error Σ(x−x̄)²e² / (Σ(x−x̄)²)², by hand sqrt(1.415 / 25)', () => {
    // y = 1, 3, 2, 5 on x = 1 … 4: slope 1.1, intercept 0, e = −0.1, 0.8, −1.3, 0.6
    const x = [1, 2, 3, 4].map((t) => Float64Array.of(1, t));
    const f = fitted(x, Float64Array.of(1, 3, 2, 5), 0);
    expect(f.coefficients[0]).toBeCloseTo(0, 13);
    expect(f.coefficients[1]).toBeCloseTo(1.1, 13);
    expect(f.hacSe[1]).toBeCloseTo(Math.sqrt(1.415 / 25), 13);
  });

  it('refuses collinear regressors and too few observations instead of dividing by zero', () => {
    const x = [1, 2, 3, 4].map((t) => Float64Array.of(1, t, 2 * t));
    expect(olsHac(x, Float64Array.of(1, 3, 2, 5), 0)).toBeNull();
    expect(olsHac([Float64Array.of(1, 2)], Float64Array.of(1), 0)).toBeNull();
  });

  it('takes the lag floor(4 (n/100)^(2/9))', () => {
    expect(neweyWestLag(17)).toBe(2);
    expect(neweyWestLag(100)).toBe(4);
    expect(neweyWestLag(1000)).toBe(6);
  });
});
