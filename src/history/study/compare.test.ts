import { describe, expect, it } from 'vitest';
import { averageRanks, compareDaily, spearman } from './compare.js';

describe('Spearman rank correlation and sign agreement', () => {
  it('gives ties their average rank', () => {
    expect([...averageRanks([5, 6, 7, 8, 7])]).toEqual([1, 2, 3.5, 5, 3.5]);
  });

  it('is Pearson over the ranks: 8 / √95 for a tie, ±1 for monotone series', () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 14);
    expect(spearman([1, 2, 3], [10, 200, 3000])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
  });

  it('compares over the common dates only, the latest snapshot of a date standing for it', () => {
    const ours = [
      { session: '2024-01-02', netGex: 1 },
      { session: '2024-01-02', netGex: -3 },
      { session: '2024-01-03', netGex: 2 },
      { session: '2024-01-04', netGex: 5 },
      { session: null, netGex: 9 },
    ];
    const published = [
      { date: '2024-01-02', value: -1 },
      { date: '2024-01-03', value: -2 },
      { date: '2024-01-04', value: 4 },
      { date: '2024-01-05', value: 4 },
    ];
    expect(compareDaily(ours, published)).toEqual({
      commonDates: 3,
      onlyGexmap: 0,
      onlyPublished: 1,
      spearman: 0.5,
      signAgreement: 2 / 3,
      sameSign: 2,
    });
  });
});
