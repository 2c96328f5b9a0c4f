import { describe, expect, it } from 'vitest';
import type { OptionQuote } from '../../src/chain/types.js';
import { InstrumentIds, type InstrumentRow } from '../../src/store/instrumentIds.js';

const quote = (instrument: string, expiry: number, strike = 100, type: 'C' | 'P' = 'C'): OptionQuote => ({
  instrument,
  expiry,
  strike,
  type,
  openInterest: 1,
  iv: 0.5,
  forward: 100,
  multiplier: 1,
});

describe('instrument ids', () => {
  it('gives an instrument one id in every snapshot and a new instrument the next id', () => {
    const ids = new InstrumentIds();
    const names = ids.namesOf('deribit', 'BTC');
    const added: InstrumentRow[] = [];
    const a = ids.idOf(names, 'deribit', 'BTC', quote('A', 1000), added);
    const b = ids.idOf(names, 'deribit', 'BTC', quote('B', 1000), added);
    expect([a, b]).toEqual([1, 2]);
    expect(ids.idOf(names, 'deribit', 'BTC', quote('A', 1000), added)).toBe(1);
    expect(added.map((r) => r.instrument)).toEqual(['A', 'B']);
    expect([ids.count, ids.maxId]).toEqual([2, 2]);
  });

  it('tells apart a name that stands for another expiry, strike or type, and finds the earlier one again', () => {
    const ids = new InstrumentIds();
    const names = ids.namesOf('deribit', 'BTC');
    const added: InstrumentRow[] = [];
    const first = ids.idOf(names, 'deribit', 'BTC', quote('A', 1000), added);
    const later = ids.idOf(names, 'deribit', 'BTC', quote('A', 2000), added);
    const put = ids.idOf(names, 'deribit', 'BTC', quote('A', 2000, 100, 'P'), added);
    expect(new Set([first, later, put]).size).toBe(3);
    expect(ids.idOf(names, 'deribit', 'BTC', quote('A', 1000), added)).toBe(first);
    expect(ids.idOf(names, 'deribit', 'BTC', quote('A', 2000, 100, 'P'), added)).toBe(put);
    expect(added).toHaveLength(3);
  });

  it('keeps venues and underlyings apart and continues from the ids it was loaded with', () => {
    const stored: InstrumentRow[] = [
      {
        id: 7,
        venue: 'deribit',
        underlying: 'BTC',
        instrument: 'A',
        expiry: 1000,
        strike: 100,
        type: 'C',
        multiplier: 1,
      },
    ];
    const ids = new InstrumentIds(stored);
    const added: InstrumentRow[] = [];
    expect(ids.idOf(ids.namesOf('deribit', 'BTC'), 'deribit', 'BTC', quote('A', 1000), added)).toBe(7);
    expect(ids.idOf(ids.namesOf('deribit', 'ETH'), 'deribit', 'ETH', quote('A', 1000), added)).toBe(8);
    expect(ids.idOf(ids.namesOf('okx', 'BTC'), 'okx', 'BTC', quote('A', 1000), added)).toBe(9);
    expect([ids.count, ids.maxId]).toEqual([3, 9]);
  });
});
