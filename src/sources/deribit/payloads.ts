/**
 * Deribit public API payloads as Deribit documents them (API v2). These describe what arrives on
 * the wire; nothing here is trusted: parse.ts validates every field it uses and names the
 * instrument and field when one is missing or of the wrong type.
 */

/** One `tick_size_steps` entry: above `above_price` the tick size is `tick_size`. */
export interface DeribitTickSizeStep {
  readonly above_price: number;
  readonly tick_size: number;
}

/** One element of the `result` of `public/get_instruments`. */
export interface DeribitInstrument {
  /** unique name, e.g. `BTC-20NOV25-82000-C`, `XRP_USDC-20NOV25-2d5-C` */
  readonly instrument_name: string;
  readonly instrument_id: number;
  readonly kind: 'future' | 'option' | 'spot' | 'future_combo' | 'option_combo';
  /** `reversed` (inverse, coin-settled) or `linear` (USDC-settled) */
  readonly instrument_type?: 'linear' | 'reversed';
  /** options only */
  readonly option_type?: 'call' | 'put';
  /** options only: strike in the counter currency (USD) */
  readonly strike?: number;
  /** ms since epoch; Deribit expiries are 08:00 UTC */
  readonly expiration_timestamp: number;
  /** ms since epoch: when the instrument was listed */
  readonly creation_timestamp: number;
  readonly is_active: boolean;
  /** underlying units per contract (1 BTC for BTC options) */
  readonly contract_size: number;
  readonly base_currency: string;
  readonly quote_currency: string;
  readonly counter_currency: string;
  readonly settlement_currency?: string;
  /** `day`, `week`, `month` or `perpetual` */
  readonly settlement_period: string;
  /** index the instrument is priced on, e.g. `btc_usd` */
  readonly price_index: string;
  readonly tick_size: number;
  readonly tick_size_steps?: readonly DeribitTickSizeStep[];
  readonly min_trade_amount: number;
  readonly maker_commission: number;
  readonly taker_commission: number;
  readonly block_trade_commission?: number;
  readonly block_trade_min_trade_amount?: number;
  readonly block_trade_tick_size?: number;
  /** futures only */
  readonly max_leverage?: number;
  /** futures only */
  readonly max_liquidation_commission?: number;
  /** futures only (deprecated: use instrument_type) */
  readonly future_type?: 'linear' | 'reversed';
}

/** One element of the `result` of `public/get_book_summary_by_currency`. */
export interface DeribitBookSummary {
  readonly instrument_name: string;
  readonly base_currency: string;
  readonly quote_currency: string;
  /** ms since epoch: when this summary was made */
  readonly creation_timestamp: number;
  /** mark price, in the quote currency (BTC per contract for inverse BTC options) */
  readonly mark_price: number;
  /** options only: implied vol of the mark price, in percent */
  readonly mark_iv?: number;
  /** options only: price of the underlying the mark is computed on (the expiry's forward), USD */
  readonly underlying_price?: number;
  /** options only: name of that underlying, a future (`BTC-26DEC25`) or a synthetic one (`SYN.BTC-23NOV25`) */
  readonly underlying_index?: string;
  /** the index price that delivery would use now, USD */
  readonly estimated_delivery_price?: number;
  /** options only: interest rate used in the mark price, percent */
  readonly interest_rate?: number;
  /** open interest in contracts */
  readonly open_interest: number;
  readonly bid_price: number | null;
  readonly ask_price: number | null;
  readonly mid_price: number | null;
  readonly last: number | null;
  /** 24 h */
  readonly high: number | null;
  /** 24 h */
  readonly low: number | null;
  /** 24 h change, percent */
  readonly price_change: number | null;
  /** 24 h volume in contracts */
  readonly volume: number;
  readonly volume_usd?: number;
  readonly volume_notional?: number;
  /** perpetuals only */
  readonly current_funding?: number;
  /** perpetuals only */
  readonly funding_8h?: number;
}

/** A JSON-RPC 2.0 success answer. */
export interface DeribitRpcResult<T> {
  readonly jsonrpc: '2.0';
  readonly id?: number;
  readonly result: T;
  readonly usIn?: number;
  readonly usOut?: number;
  readonly usDiff?: number;
  readonly testnet?: boolean;
}

/** A JSON-RPC 2.0 error answer. */
export interface DeribitRpcError {
  readonly jsonrpc: '2.0';
  readonly id?: number;
  readonly error: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/** What a reader may hold for one method: the bare `result` array or the whole answer. */
export type DeribitAnswer<T> = readonly T[] | DeribitRpcResult<readonly T[]> | DeribitRpcError;
