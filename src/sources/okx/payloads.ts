/**
 * OKX API v5 payloads, as documented (https://www.okx.com/docs-v5/en/#public-data-rest-api).
 * Every answer is `{code: "0", msg: "", data: [...]}`; numbers come as strings.
 */
export interface OkxAnswer<T> {
  /** "0" on success, else the error code (e.g. "50011" Too Many Requests) */
  readonly code: string;
  readonly msg: string;
  readonly data: readonly T[];
}

/** GET /api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD: one row per option. */
export interface OkxInstrument {
  readonly instType: 'OPTION';
  /** e.g. BTC-USD-251128-90000-C */
  readonly instId: string;
  /** underlying, e.g. BTC-USD */
  readonly uly: string;
  readonly instFamily: string;
  /** settlement currency: BTC for the coin-margined BTC-USD family */
  readonly settleCcy: string;
  /** contract value, in ctValCcy, per contract before the multiplier */
  readonly ctVal: string;
  /** contract multiplier: underlying per contract = ctVal × ctMult */
  readonly ctMult: string;
  readonly ctValCcy: string;
  /** C or P */
  readonly optType: 'C' | 'P';
  /** strike */
  readonly stk: string;
  /** expiry, epoch ms as a string */
  readonly expTime: string;
  /** live, suspend, preopen, test */
  readonly state: string;
}

/** GET /api/v5/public/opt-summary?instFamily=BTC-USD (and the WebSocket opt-summary channel). */
export interface OkxOptSummary {
  readonly instType: 'OPTION';
  readonly instId: string;
  readonly uly: string;
  /** mark implied volatility, decimal (0.5 = 50 %) */
  readonly markVol: string;
  readonly bidVol: string;
  readonly askVol: string;
  /** forward price of the expiry */
  readonly fwdPx: string;
  readonly delta: string;
  readonly gamma: string;
  readonly vega: string;
  readonly theta: string;
  /** epoch ms as a string */
  readonly ts: string;
}

/** GET /api/v5/public/open-interest?instType=OPTION&instFamily=BTC-USD. */
export interface OkxOpenInterest {
  readonly instType: 'OPTION';
  readonly instId: string;
  /** open interest in contracts */
  readonly oi: string;
  /** open interest in the coin */
  readonly oiCcy: string;
  readonly ts: string;
}

/** GET /api/v5/market/index-tickers?instId=BTC-USD. */
export interface OkxIndexTicker {
  readonly instId: string;
  /** latest index price */
  readonly idxPx: string;
  readonly ts: string;
}
