import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OptionQuote } from '../../src/chain/types.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { InstrumentIds, type InstrumentRow } from '../../src/store/instrumentIds.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

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
    const added: InstrumentRow[] = [];
    const btc = { names: ids.namesOf('deribit', 'BTC'), venue: 'deribit', underlying: 'BTC', added };
    const a = ids.idOf(quote('A', 1000), btc);
    const b = ids.idOf(quote('B', 1000), btc);
    expect([a, b]).toEqual([1, 2]);
    expect(ids.idOf(quote('A', 1000), btc)).toBe(1);
    expect(added.map((r) => r.instrument)).toEqual(['A', 'B']);
    expect([ids.count, ids.maxId]).toEqual([2, 2]);
  });

  it('tells apart a name that stands for another expiry, strike or type, and finds the earlier one again', () => {
    const ids = new InstrumentIds();
    const added: InstrumentRow[] = [];
    const btc = { names: ids.namesOf('deribit', 'BTC'), venue: 'deribit', underlying: 'BTC', added };
    const first = ids.idOf(quote('A', 1000), btc);
    const later = ids.idOf(quote('A', 2000), btc);
    const put = ids.idOf(quote('A', 2000, 100, 'P'), btc);
    expect(new Set([first, later, put]).size).toBe(3);
    expect(ids.idOf(quote('A', 1000), btc)).toBe(first);
    expect(ids.idOf(quote('A', 2000, 100, 'P'), btc)).toBe(put);
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
    const scope = (venue: string, underlying: string) => ({
      names: ids.namesOf(venue, underlying),
      venue,
      underlying,
      added,
    });
    expect(ids.idOf(quote('A', 1000), scope('deribit', 'BTC'))).toBe(7);
    expect(ids.idOf(quote('A', 1000), scope('deribit', 'ETH'))).toBe(8);
    expect(ids.idOf(quote('A', 1000), scope('okx', 'BTC'))).toBe(9);
    expect([ids.count, ids.maxId]).toEqual([3, 9]);
  });
});

describe('instrument ids over the real SPX history', () => {
  it('number every option of the 17 chains as a key of all its instrument fields would: first seen, next id', async () => {
    const ids = new InstrumentIds();
    const added: InstrumentRow[] = [];
    const scope = { names: ids.namesOf('cboe', 'SPX'), venue: 'cboe', underlying: 'SPX', added };
    const reference = new Map<string, number>();
    let checked = 0;
    for (const { file } of SPX_HISTORY_FILES) {
      const chain = await readCboeFile(join(SPX_HISTORY_DIR, file));
      for (const o of chain.options) {
        const key = [o.instrument, o.expiry, o.strike, o.type, o.multiplier].join('|');
        const expected = reference.get(key) ?? reference.size + 1;
        reference.set(key, expected);
        if (ids.idOf(o, scope) !== expected)
          throw new Error(`${file} ${o.instrument}: id ${ids.idOf(o, scope)}, not ${expected}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    expect([ids.count, ids.maxId, added.length]).toEqual([reference.size, reference.size, reference.size]);
    // the real chains list each instrument again in later downloads: most rows reuse an id
    expect(reference.size).toBeLessThan(checked / 2);
  }, 120_000);
});
