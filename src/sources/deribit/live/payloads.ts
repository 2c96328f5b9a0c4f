/**
 * Deribit WebSocket notification payloads (`params.data`) as Deribit documents them. Nothing here
 * is trusted: parse.ts checks every field it uses.
 */

/** One element of a `markprice.options.<index_name>` notification (an array for the whole chain). */
export interface DeribitMarkPriceItem {
  readonly instrument_name: string;
  /** in the quote currency: coin per contract for inverse options, USDC for linear ones */
  readonly mark_price: number;
  /** implied vol of the mark, DECIMAL (0.55 = 55 %), unlike the percent of book summaries */
  readonly iv: number;
  /** ms since epoch */
  readonly timestamp: number;
}

/** `deribit_price_index.<index_name>` notification data. */
export interface DeribitPriceIndex {
  readonly index_name: string;
  readonly price: number;
  /** ms since epoch */
  readonly timestamp: number;
}

/**
 * Instrument life-cycle states of `instrument.state.<kind>.<currency>`: the ones gexmap acts on,
 * and any other Deribit sends (public code shows `halted` and `deactivated`; the list is Deribit's
 * to extend), read as they come.
 */
export type DeribitInstrumentState =
  | 'created'
  | 'started'
  | 'settled'
  | 'closed'
  | 'terminated'
  | 'deactivated'
  | (string & {});

/** `instrument.state.<kind>.<currency>` notification data. */
export interface DeribitInstrumentStateChange {
  readonly instrument_name: string;
  readonly state: DeribitInstrumentState;
  /** ms since epoch */
  readonly timestamp: number;
}

/** The `result` of public/get_index_price. */
export interface DeribitIndexPriceResult {
  readonly index_price: number;
  readonly estimated_delivery_price: number;
}

/**
 * The `result` of public/get_tradingview_chart_data: one candle per index of the parallel arrays
 * (Deribit's API reference, market data: `ticks` bar open times in ms since epoch, prices in the
 * instrument's quote currency, `volume` in the base currency, `cost` in the quote currency,
 * `status` `ok` or `no_data`).
 */
export interface DeribitChartDataResult {
  readonly status: 'ok' | 'no_data' | (string & {});
  readonly ticks: readonly number[];
  readonly open: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly volume: readonly number[];
  readonly cost: readonly number[];
}
