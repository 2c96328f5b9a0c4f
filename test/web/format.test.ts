import { describe, expect, it } from 'vitest';
import { compact, percent, points, price, sig, usd } from '../../web/src/format.js';

describe('the dashboard number formats', () => {
  it('write sizes with 3 significant digits and a scale word, thousands grouped with 4', () => {
    expect(usd(-2_771_234_567)).toBe('−2.77 bn USD');
    expect(compact(144_160_044.41)).toBe('144 M');
    expect(compact(4_577.387842303761)).toBe('4,577');
    expect(compact(45_812)).toBe('45.8 k');
    expect(compact(1.23456)).toBe('1.23');
    expect(compact(0)).toBe('0');
    expect(compact(Number.NaN)).toBe('—');
  });

  it('write prices to the strike’s precision and differences with their sign', () => {
    expect(price(96_652.47451221198)).toBe('96,652');
    expect(price(4_004.6388158871464)).toBe('4,004.6');
    expect(price(100_000)).toBe('100,000');
    expect(price(null)).toBe('—');
    expect(points(2_321.30402665498)).toBe('+2,321.3');
    expect(points(-1_880.069)).toBe('−1,880.1');
    expect(points(-0.5601)).toBe('−0.56');
  });

  it('write percentages with their sign and significant digits without', () => {
    expect(percent(0.4042581009320312)).toBe('+0.40 %');
    expect(percent(-7.23519631979106)).toBe('−7.24 %');
    expect(sig(0.0123456)).toBe('0.0123');
  });
});
