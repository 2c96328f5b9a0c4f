import type { MarkUpdate, SpotUpdate } from '../../../chain/liveChain.js';
import { ChainInputError } from '../../../chain/types.js';
import { isRecord } from '../../venue/json.js';
import { type PayloadFields, payloadRow } from '../fields.js';
import type {
  DeribitIndexPriceResult,
  DeribitInstrumentState,
  DeribitInstrumentStateChange,
  DeribitMarkPriceItem,
  DeribitPriceIndex,
} from './payloads.js';

/** A mark update of one option (iv decimal, as on the wire; mark in coin for inverse options). */
export type { MarkUpdate };

/** A `deribit_price_index` update: the index it is of, and its price. */
export interface IndexUpdate extends SpotUpdate {
  readonly indexName: string;
}

export interface InstrumentStateUpdate {
  readonly instrument: string;
  readonly state: DeribitInstrumentState;
  readonly timestamp: number;
}

/**
 * Reads a `markprice.options.<index>` notification. A malformed item raises a ChainInputError
 * naming the instrument and field: one bad item makes the whole notification suspect.
 */
export function parseMarkPrices(data: unknown, channel = 'markprice.options'): MarkUpdate[] {
  if (!Array.isArray(data)) throw new ChainInputError(`${channel}: data is not an array`, channel, 'data');
  return data.map((row, i) => {
    const f = payloadRow<DeribitMarkPriceItem>(row, i, channel);
    return {
      instrument: f.string('instrument_name'),
      markPrice: f.number('mark_price'),
      iv: f.number('iv'),
      timestamp: f.instant('timestamp'),
    };
  });
}

export function parseIndexPrice(data: unknown, channel = 'deribit_price_index'): IndexUpdate {
  const f: PayloadFields<DeribitPriceIndex> = payloadRow(data, 0, channel);
  const price = f.number('price');
  if (!(price > 0)) f.fail('price', `(${price}) must be a positive price`);
  return { indexName: f.string('index_name'), price, timestamp: f.instant('timestamp') };
}

/**
 * Reads an `instrument.state` notification. Any non-empty state is read, known or not (Deribit adds
 * states, e.g. `halted`): what a state means to the chain is the feed's decision (instrumentStateEffect).
 */
export function parseInstrumentState(data: unknown, channel = 'instrument.state'): InstrumentStateUpdate {
  const f: PayloadFields<DeribitInstrumentStateChange> = payloadRow(data, 0, channel);
  const state = f.string('state');
  if (state === '') f.fail('state', 'is empty');
  return { instrument: f.string('instrument_name'), state, timestamp: f.instant('timestamp') };
}

/** What an instrument's new state does to a live chain. */
export type InstrumentStateEffect =
  | { readonly kind: 'listed' }
  | { readonly kind: 'removed'; readonly reason: 'expired' | 'inactive-instrument' }
  | { readonly kind: 'kept' };

/**
 * created / started: listed (the chain resynchronises to take it in); settled: removed as expired;
 * closed, terminated, deactivated: removed as inactive; any other state (halted, or one Deribit
 * adds later): kept as it is, since a paused instrument's open interest is still hedged, and a
 * later `started` or `settled` says what came of it.
 */
export function instrumentStateEffect(state: string): InstrumentStateEffect {
  switch (state) {
    case 'created':
    case 'started':
      return { kind: 'listed' };
    case 'settled':
      return { kind: 'removed', reason: 'expired' };
    case 'closed':
    case 'terminated':
    case 'deactivated':
      return { kind: 'removed', reason: 'inactive-instrument' };
    default:
      return { kind: 'kept' };
  }
}

/** The `result` of public/get_index_price: the index price, USD. */
export function parseIndexPriceResult(result: unknown, method = 'public/get_index_price'): number {
  if (!isRecord(result)) throw new ChainInputError(`${method}: result is not an object`, method, 'result');
  const f: PayloadFields<DeribitIndexPriceResult> = payloadRow(result, 0, method);
  const price = f.number('index_price');
  if (!(price > 0)) f.fail('index_price', `(${price}) must be a positive price`);
  return price;
}
