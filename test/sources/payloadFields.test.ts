import { describe, expect, it } from 'vitest';
import { ChainInputError } from '../../src/chain/types.js';
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
});
