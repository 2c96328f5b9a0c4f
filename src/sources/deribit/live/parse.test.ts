import { describe, expect, it } from 'vitest';
import { venueCapture } from '../../../../test/support/venueCaptures.js';
import { ChainInputError } from '../../../chain/types.js';
import {
  instrumentStateEffect,
  parseIndexPrice,
  parseIndexPriceResult,
  parseInstrumentState,
  parseMarkPrices,
} from './parse.js';

describe('stream payload parsers', () => {
  it('keeps the markprice iv as the decimal it is on the wire (captured frame: 0.3706 = 37.06 %)', () => {
    const frame = venueCapture('deribit', 'ws-docs-examples.json')['markprice.options.captured_2026-07-26'];
    expect(parseMarkPrices(frame.params.data, frame.params.channel)).toEqual([
      { instrument: 'BTC-31JUL26-67000-C', markPrice: 0.005, iv: 0.3706, timestamp: 1785079023870 },
      { instrument: 'BTC-31JUL26-106000-P', markPrice: 0.6376, iv: 0.6527, timestamp: 1785079023870 },
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

  it('reads the index (Deribit’s documented frame), and refuses a non-positive price', () => {
    const frame = venueCapture('deribit', 'ws-docs-examples.json').deribit_price_index;
    expect(parseIndexPrice(frame.params.data, frame.params.channel)).toEqual({
      indexName: 'btc_usd',
      price: 3937.89,
      timestamp: 1550588002899,
    });
    expect(() => parseIndexPrice({ ...frame.params.data, price: 0 })).toThrow(/price/);
    expect(parseIndexPriceResult({ index_price: 91000.5, estimated_delivery_price: 91000.5 })).toBe(91000.5);
  });

  it('reads instrument states, the captured "halted" among them, and refuses an empty one', () => {
    expect(
      parseInstrumentState({ instrument_name: 'BTC-20NOV25-90000-C', state: 'settled', timestamp: 1763568000003 }),
    ).toEqual({
      instrument: 'BTC-20NOV25-90000-C',
      state: 'settled',
      timestamp: 1763568000003,
    });
    const frame = venueCapture('deribit', 'ws-docs-examples.json')['instrument.state_seen_in_public_test'];
    expect(parseInstrumentState(frame.params.data, frame.params.channel)).toEqual({
      instrument: 'BTC-30OCT26-80000-C',
      state: 'halted',
      timestamp: 1791000000000,
    });
    expect(() => parseInstrumentState({ instrument_name: 'X', state: '', timestamp: 1763568000003 })).toThrow(
      /X: state is empty/,
    );
  });

  it('keeps a halted (or any unknown) instrument, removes a deactivated one, lists a started one', () => {
    expect(instrumentStateEffect('halted')).toEqual({ kind: 'kept' });
    expect(instrumentStateEffect('some-future-state')).toEqual({ kind: 'kept' });
    expect(instrumentStateEffect('deactivated')).toEqual({ kind: 'removed', reason: 'inactive-instrument' });
    expect(instrumentStateEffect('terminated')).toEqual({ kind: 'removed', reason: 'inactive-instrument' });
    expect(instrumentStateEffect('settled')).toEqual({ kind: 'removed', reason: 'expired' });
    expect(instrumentStateEffect('started')).toEqual({ kind: 'listed' });
  });
});
