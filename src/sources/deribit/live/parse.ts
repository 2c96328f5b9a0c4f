import { ChainInputError } from '../../../chain/types.js';
import { isRecord, payloadRow } from '../fields.js';
import type { DeribitInstrumentState } from './payloads.js';

/** A mark update of one option: iv is decimal, as on the wire. */
export interface MarkUpdate {
  readonly instrument: string;
  readonly markPrice: number;
  readonly iv: number;
  readonly timestamp: number;
}

export interface IndexUpdate {
  readonly indexName: string;
  readonly price: number;
  readonly timestamp: number;
}

export interface InstrumentStateUpdate {
  readonly instrument: string;
  readonly state: DeribitInstrumentState;
  readonly timestamp: number;
}

const STATES: readonly DeribitInstrumentState[] = ['created', 'started', 'settled', 'closed', 'terminated'];

/**
 * Reads a `markprice.options.<index>` notification. A malformed item raises a ChainInputError
 * naming the instrument and field: one bad item makes the whole notification suspect.
 */
export function parseMarkPrices(data: unknown, channel = 'markprice.options'): MarkUpdate[] {
  if (!Array.isArray(data)) throw new ChainInputError(`${channel}: data is not an array`, channel, 'data');
  return data.map((row, i) => {
    const f = payloadRow(row, i, channel);
    return {
      instrument: f.string('instrument_name'),
      markPrice: f.number('mark_price'),
      iv: f.number('iv'),
      timestamp: f.instant('timestamp'),
    };
  });
}

export function parseIndexPrice(data: unknown, channel = 'deribit_price_index'): IndexUpdate {
  const f = payloadRow(data, 0, channel);
  const price = f.number('price');
  if (!(price > 0)) f.fail('price', `(${price}) must be a positive price`);
  return { indexName: f.string('index_name'), price, timestamp: f.instant('timestamp') };
}

export function parseInstrumentState(data: unknown, channel = 'instrument.state'): InstrumentStateUpdate {
  const f = payloadRow(data, 0, channel);
  const state = f.string('state');
  if (!STATES.includes(state as DeribitInstrumentState)) {
    f.fail('state', `(${JSON.stringify(state)}) is not one of ${STATES.join(', ')}`);
  }
  return {
    instrument: f.string('instrument_name'),
    state: state as DeribitInstrumentState,
    timestamp: f.instant('timestamp'),
  };
}

/** The `result` of public/get_index_price: the index price, USD. */
export function parseIndexPriceResult(result: unknown, method = 'public/get_index_price'): number {
  if (!isRecord(result)) throw new ChainInputError(`${method}: result is not an object`, method, 'result');
  const f = payloadRow(result, 0, method);
  const price = f.number('index_price');
  if (!(price > 0)) f.fail('index_price', `(${price}) must be a positive price`);
  return price;
}
