/** Deribit public trade payloads, as Deribit documents them; parse.ts checks every field it uses. */

/** One public trade: an element of `trades.<kind>.<currency>.<interval>` data or of a trades page. */
export interface DeribitPublicTrade {
  readonly trade_id: string;
  /** sequence number of the trade within its instrument */
  readonly trade_seq: number;
  readonly instrument_name: string;
  /** ms since epoch */
  readonly timestamp: number;
  /** the TAKER's side: `buy` means the aggressor bought */
  readonly direction: 'buy' | 'sell';
  /** options: in the base coin (BTC for BTC options, SOL for SOL_USDC options) */
  readonly amount: number;
  /** size in contracts (amount / contract_size); may be absent in historical trades */
  readonly contracts?: number;
  /** in the quote currency */
  readonly price: number;
  readonly mark_price?: number;
  readonly index_price?: number;
  /** implied vol of the trade price, percent */
  readonly iv?: number;
  readonly tick_direction?: number;
  /** set on block trades (negotiated off-book, then printed) */
  readonly block_trade_id?: string;
  readonly block_trade_leg_count?: number;
  readonly block_rfq_id?: number;
  readonly combo_id?: string;
  readonly combo_trade_id?: number;
  /** `M`, `T` or `MT`: which side was being liquidated */
  readonly liquidation?: string;
}

/** The `result` of public/get_last_trades_by_currency_and_time. */
export interface DeribitTradesPage {
  readonly trades: readonly DeribitPublicTrade[];
  readonly has_more: boolean;
}
