import { describe, expect, it } from 'vitest';
import { ChainInputError } from '../../../chain/types.js';
import { parseIndexPrice, parseIndexPriceResult, parseInstrumentState, parseMarkPrices } from './parse.js';

describe('stream payload parsers', () => {
  it('keeps the markprice iv as the decimal it is on the wire (0.5523 = 55.23 %)', () => {
    const data = [{ instrument_name: 'BTC-20NOV25-90000-C', mark_price: 0.0231, iv: 0.5523, timestamp: 1763568000001 }];
    expect(parseMarkPrices(data)).toEqual([
      { instrument: 'BTC-20NOV25-90000-C', markPrice: 0.0231, iv: 0.5523, timestamp: 1763568000001 },
    ]);
  });

  it('names the instrument and the field of a malformed mark', () => {
    const data = [{ instrument_name: 'BTC-20NOV25-90000-C', mark_price: 0.0231, iv: 'NaN', timestamp: 1763568000001 }];
    const e = (() => {
      try {
        parseMarkPrices(data, 'markprice.options.btc_usd');
      } catch (err) {
        return err as ChainInputError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(ChainInputError);
    expect(e.where).toBe('BTC-20NOV25-90000-C');
    expect(e.field).toBe('iv');
  });

  it('reads the index, and refuses a non-positive price', () => {
    expect(parseIndexPrice({ index_name: 'btc_usd', price: 91000.5, timestamp: 1763568000002 })).toEqual({
      indexName: 'btc_usd',
      price: 91000.5,
      timestamp: 1763568000002,
    });
    expect(() => parseIndexPrice({ index_name: 'btc_usd', price: 0, timestamp: 1763568000002 })).toThrow(/price/);
    expect(parseIndexPriceResult({ index_price: 91000.5, estimated_delivery_price: 91000.5 })).toBe(91000.5);
  });

  it('reads instrument states and refuses an unknown one', () => {
    expect(
      parseInstrumentState({ instrument_name: 'BTC-20NOV25-90000-C', state: 'settled', timestamp: 1763568000003 }),
    ).toEqual({
      instrument: 'BTC-20NOV25-90000-C',
      state: 'settled',
      timestamp: 1763568000003,
    });
    expect(() => parseInstrumentState({ instrument_name: 'X', state: 'melted', timestamp: 1763568000003 })).toThrow(
      /melted/,
    );
  });
});
