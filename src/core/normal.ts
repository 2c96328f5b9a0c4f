/**
 * Standard normal density and distribution.
 *
 * The cdf goes through W. J. Cody's rational Chebyshev approximations of erfc
 * (Math. Comp. 1969), which keep ~1e-14 relative accuracy deep into the lower
 * tail, where `1 - erf` would lose every digit.
 */

const INV_SQRT_2PI = 0.3989422804014327; // 1/sqrt(2π)
const SQRT_HALF = Math.SQRT1_2;

// Cody's coefficients as published (18 digits); the parser rounds them to doubles.
const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const Q = [
  2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185,
];
const SQRPI = 0.56418958354775628695; // 1/sqrt(π)

/** erfc is 0 from here on (below, the caller's branches send only 0 ≤ x < 26.6 to expMinusSquare). */
const ERFC_ZERO_FROM = 26.6;

/**
 * exp(−y²) for every y = k/16 below ERFC_ZERO_FROM, computed once by the same expression as a call
 * would: a look-up gives the same number and saves one of the two exps of each cdf.
 */
const EXP_MINUS_SIXTEENTHS = Float64Array.from({ length: Math.ceil(ERFC_ZERO_FROM * 16) + 1 }, (_, k) => {
  const y = k / 16;
  return Math.exp(-y * y);
});

/** exp(-x²) computed as exp(-y²)·exp(-(x-y)(x+y)) with y = x rounded to 1/16, as Cody does, to keep the tail exact. */
export function expMinusSquare(x: number): number {
  const k = Math.trunc(x * 16);
  const y = k / 16;
  const del = (x - y) * (x + y);
  return (EXP_MINUS_SIXTEENTHS[k] as number) * Math.exp(-del);
}

/**
 * Complementary error function, accurate in relative terms for large positive x. Cody's rational
 * functions in Horner form with the coefficients written out (the same operations in the same
 * order as a loop over A, B, C, D, P, Q, without reading the arrays).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  let r: number;
  if (ax <= 0.46875) {
    const z = ax > 1.11e-16 ? x * x : 0;
    const num =
      (((0.185777706184603153 * z + 3.1611237438705656) * z + 113.864154151050156) * z + 377.485237685302021) * z;
    const den = (((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z;
    const erf = (x * (num + 3209.37758913846947)) / (den + 2844.23683343917062);
    return 1 - erf;
  }
  if (ax <= 4) {
    let num = 2.15311535474403846e-8 * ax;
    let den = ax;
    num = (num + 0.564188496988670089) * ax;
    den = (den + 15.7449261107098347) * ax;
    num = (num + 8.88314979438837594) * ax;
    den = (den + 117.693950891312499) * ax;
    num = (num + 66.1191906371416295) * ax;
    den = (den + 537.181101862009858) * ax;
    num = (num + 298.635138197400131) * ax;
    den = (den + 1621.38957456669019) * ax;
    num = (num + 881.95222124176909) * ax;
    den = (den + 3290.79923573345963) * ax;
    num = (num + 1712.04761263407058) * ax;
    den = (den + 4362.61909014324716) * ax;
    num = (num + 2051.07837782607147) * ax;
    den = (den + 3439.36767414372164) * ax;
    r = (num + 1230.33935479799725) / (den + 1230.33935480374942);
    r *= expMinusSquare(ax);
  } else if (ax >= ERFC_ZERO_FROM) {
    r = 0; // exp(-x²) underflows below the smallest subnormal
  } else {
    const z = 1 / (ax * ax);
    let num = 0.0163153871373020978 * z;
    let den = z;
    num = (num + 0.305326634961232344) * z;
    den = (den + 2.56852019228982242) * z;
    num = (num + 0.360344899949804439) * z;
    den = (den + 1.87295284992346725) * z;
    num = (num + 0.125781726111229246) * z;
    den = (den + 0.527905102951428412) * z;
    num = (num + 0.0160837851487422766) * z;
    den = (den + 0.0605183413124413191) * z;
    r = (z * (num + 6.58749161529837803e-4)) / (den + 0.00233520497626869185);
    r = (SQRPI - r) / ax;
    r *= expMinusSquare(ax);
  }
  return x < 0 ? 2 - r : r;
}

/** Cody's rational functions as loops over the coefficient arrays, as erfc had them: erfc's test reference. */
export function erfcByLoops(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  let r: number;
  if (ax <= 0.46875) {
    const z = ax > 1.11e-16 ? x * x : 0;
    let num = (A[4] as number) * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + (A[i] as number)) * z;
      den = (den + (B[i] as number)) * z;
    }
    const erf = (x * (num + (A[3] as number))) / (den + (B[3] as number));
    return 1 - erf;
  }
  if (ax <= 4) {
    let num = (C[8] as number) * ax;
    let den = ax;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * ax;
      den = (den + (D[i] as number)) * ax;
    }
    r = (num + (C[7] as number)) / (den + (D[7] as number));
    r *= expMinusSquare(ax);
  } else if (ax >= ERFC_ZERO_FROM) {
    r = 0;
  } else {
    const z = 1 / (ax * ax);
    let num = (P[5] as number) * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + (P[i] as number)) * z;
      den = (den + (Q[i] as number)) * z;
    }
    r = (z * (num + (P[4] as number))) / (den + (Q[4] as number));
    r = (SQRPI - r) / ax;
    r *= expMinusSquare(ax);
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal distribution Φ(x) = erfc(-x/√2)/2; relative accuracy ~1e-15 in the lower tail. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT_HALF);
}
