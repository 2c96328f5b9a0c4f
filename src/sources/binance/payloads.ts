/**
 * Binance European options (eapi) payloads, as documented
 * (https://developers.binance.com/docs/derivatives/option/market-data). Numbers are strings.
 */

/** GET /eapi/v1/exchangeInfo: `optionSymbols` lists every option. */
export interface BinanceOptionSymbol {
  /** e.g. BTC-251128-90000-C */
  readonly symbol: string;
  /** CALL or PUT */
  readonly side: 'CALL' | 'PUT';
  readonly strikePrice: string;
  /** e.g. BTCUSDT */
  readonly underlying: string;
  /** contract unit: underlying per contract */
  readonly unit: number | string;
  /** epoch ms */
  readonly expiryDate: number;
  readonly quoteAsset: string;
  /** TRADING, PENDING_TRADING, CLOSE_ONLY … */
  readonly status?: string;
}

/** GET /eapi/v1/mark: one row per option. */
export interface BinanceMark {
  readonly symbol: string;
  readonly markPrice: string;
  /** mark implied volatility, decimal */
  readonly markIV: string;
  readonly bidIV: string;
  readonly askIV: string;
  readonly delta: string;
  readonly gamma: string;
  /** the rate Binance prices with (decimal, continuous) */
  readonly riskFreeInterest: string | number;
}

/** GET /eapi/v1/openInterest?underlyingAsset=BTC&expiration=251128: one row per option of that expiry. */
export interface BinanceOpenInterest {
  readonly symbol: string;
  /** open interest in contracts */
  readonly sumOpenInterest: string;
  readonly sumOpenInterestUsd: string;
  readonly timestamp: string;
}

/** GET /eapi/v1/index?underlying=BTCUSDT. */
export interface BinanceIndex {
  readonly time: number;
  readonly indexPrice: string;
}

/**
 * One option of the options WebSocket's markPrice stream (`btcusdt@optionMarkPrice`, or
 * `BTC@markPrice` on the first-generation endpoint), e.g. the recorded December 2025 frame
 * `{e: "markPrice", E, s, mp, i, vo, rf, …}`. Fields after `s` may be absent (the 2023 frames
 * carry only `mp`).
 */
export interface BinanceWsMarkPrice {
  /** "markPrice" */
  readonly e: string;
  /** event time, epoch ms */
  readonly E: number;
  readonly s: string;
  readonly mp?: string;
  /** mark implied volatility, decimal */
  readonly vo?: string;
  /** the index price */
  readonly i?: string;
  /** the stream's rate ("0.0" where REST has Binance's rate): not read, see applyBinancePush */
  readonly rf?: string;
}

/**
 * One underlying's index: an entry of `!index@arr` (`{e: "indexPrice", E, s, p}`) or, on the
 * first-generation endpoint, the `<underlying>@index` event (`{e: "index", E, s, p}`).
 */
export interface BinanceWsIndex {
  /** "indexPrice" or "index" */
  readonly e: string;
  /** event time, epoch ms */
  readonly E: number;
  /** the underlying, e.g. BTCUSDT */
  readonly s: string;
  readonly p: string;
}
