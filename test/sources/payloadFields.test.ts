import { describe, expect, it } from 'vitest';
import { ChainInputError } from '../../src/chain/types.js';
import type { BinanceWsIndex, BinanceWsMarkPrice } from '../../src/sources/binance/payloads.js';
import type { BybitWsOptionTicker } from '../../src/sources/bybit/payloads.js';
import { payloadRow } from '../../src/sources/deribit/fields.js';
import type { DeribitMarkPriceItem } from '../../src/sources/deribit/live/payloads.js';
import type { OkxInstrument } from '../../src/sources/okx/payloads.js';
import { venueRow } from '../../src/sources/venue/fields.js';
import { venueCapture } from '../support/venueCaptures.js';

// a real OKX instrument row (nautilus_trader's capture, see the folder's SOURCE.txt)
const okxRow = venueCapture('okx', 'rest-instruments-option-nautilus.json').data[0];
const INSTRUMENTS = '/api/v5/public/instruments';

describe('one payload field reader, keyed on the payload types', () => {
  it("reads a real OKX row's decimal strings and epoch-ms string, named by its instId", () => {
    const f = venueRow<OkxInstrument>(okxRow, 0, INSTRUMENTS, 'instId');
    expect(f.where).toBe('BTC-USD-241217-92000-C');
    expect([f.decimal('stk'), f.decimal('ctMult'), f.decimalInstant('expTime')]).toEqual([92000, 0.01, 1734422400000]);
  });

  it('takes JSON numbers only where the venue sends numbers (a Deribit string stays an error)', () => {
    const f = venueRow<OkxInstrument>(okxRow, 0, INSTRUMENTS, 'instId');
    expect(() => f.number('stk')).toThrow(
      'BTC-USD-241217-92000-C: stk ("92000") is not a number (/api/v5/public/instruments)',
    );
  });

  it('names the row, the field and the source in one message for Deribit and the other venues alike', () => {
    const { stk: _, ...noStrike } = okxRow;
    const missing = () => venueRow<OkxInstrument>(noStrike, 3, INSTRUMENTS, 'instId').decimal('stk');
    expect(missing).toThrow(ChainInputError);
    expect(missing).toThrow('BTC-USD-241217-92000-C: stk is missing (/api/v5/public/instruments)');
    const mark = payloadRow<DeribitMarkPriceItem>({ mark_price: 0.01 }, 2, 'markprice.options');
    expect(() => mark.number('iv')).toThrow('markprice.options[2]: iv is missing (markprice.options)');
  });

  it('does not compile a misspelt field name (and would report it missing if it ran)', () => {
    const f = venueRow<OkxInstrument>(okxRow, 0, INSTRUMENTS, 'instId');
    // @ts-expect-error: OKX calls the strike stk
    expect(() => f.decimal('strike')).toThrow('strike is missing');
  });

  it('reads the recorded Binance markPrice and index pushes and the Bybit ticker push through their payload types', () => {
    const [binanceV2] = venueCapture('binance', 'ws-v2-market-2025-12-tardis.json');
    const mark = venueRow<BinanceWsMarkPrice>(binanceV2.data[0], 0, 'binance markPrice push', 's');
    expect([mark.where, mark.decimal('vo'), mark.decimal('i'), mark.decimalInstant('E')]).toEqual([
      'XRP-251219-2.05-P',
      2.6,
      1.96239445,
      1765983420260,
    ]);
    // @ts-expect-error: Binance's stream calls the mark IV vo
    expect(() => mark.decimal('markIV')).toThrow('markIV is missing');
    const [binanceV1] = venueCapture('binance', 'ws-v1-eoptions-2023-10-tardis.json');
    const index = venueRow<BinanceWsIndex>(binanceV1.data, 0, 'binance index push', 's');
    expect(index.decimal('p')).toBe(26963.13461538);
    // @ts-expect-error: the index event calls its price p
    expect(() => index.decimal('indexPrice')).toThrow('indexPrice is missing');
    const [bybit] = venueCapture('bybit', 'ws-tickers-option-2023-04-tardis.json');
    const ticker = venueRow<BybitWsOptionTicker>(bybit.data, 0, 'bybit tickers push', 'symbol');
    expect([ticker.decimal('markPriceIv'), ticker.decimal('underlyingPrice')]).toEqual([1.4674, 20.93]);
    // @ts-expect-error: the option ticker has no forward field: it is underlyingPrice
    expect(() => ticker.decimal('forward')).toThrow('forward is missing');
  });
});
