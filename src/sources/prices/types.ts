/** One session of a price series: its open instant and its open, high, low and close. */
export interface PriceBar {
  /** the session's open instant, epoch ms (UTC): the bar's date at the session-open time in the series' zone */
  readonly t: number;
  /** the session's calendar date (YYYY-MM-DD) in the series' zone */
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** intraday series only: sqrt(Σ r²) × √252 of the 5-minute log returns of the session (see FIVE_MINUTE_RULE) */
  readonly rv5m?: number;
  /** intraday series only: the bars the session was built from */
  readonly intradayBars?: number;
}

/** A gap between consecutive sessions longer than the calendar allows (a missing stretch of days). */
export interface PriceGap {
  /** the session before the gap and the one after it (YYYY-MM-DD) */
  readonly after: string;
  readonly before: string;
  readonly calendarDays: number;
}

/** What the reader did with the file: rows read, blank lines skipped, gaps found, the session rule. */
export interface PricesReceipt {
  readonly kind: 'daily' | 'intraday';
  readonly rows: number;
  readonly sessions: number;
  /** blank lines between rows, skipped */
  readonly blankLines: number;
  /** gaps longer than `maxGapDays` calendar days; the session after each has no previous close */
  readonly gaps: readonly PriceGap[];
  readonly maxGapDays: number;
  readonly timeZone: string;
  readonly sessionOpen: string;
  /** the rule in words, for the conventions of an output */
  readonly sessionRule: string;
}

export interface PriceSeries {
  /** sessions in time order, one per date */
  readonly bars: readonly PriceBar[];
  /** for each bar, whether the bar before it is its previous session (false for the first bar and after a gap) */
  readonly hasPreviousClose: readonly boolean[];
  readonly receipt: PricesReceipt;
}
