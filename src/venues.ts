/** More venues (OKX, Bybit, Binance), aggregation across venues and the generic CSV reader. */
export { type VenueBreakdown, type VenueShare, venueBreakdown, withVenueBreakdown } from './analytics/venues.js';
export {
  AGGREGATE_SPOT_RULE,
  type AggregateOptions,
  aggregateChains,
  venueSlice,
  venuesIn,
} from './chain/aggregate.js';
export { parseBinanceChain } from './sources/binance/parse.js';
export { binanceHttp, fetchBinanceSnapshot } from './sources/binance/rest.js';
export { parseBybitChain } from './sources/bybit/parse.js';
export { bybitHttp, fetchBybitSnapshot } from './sources/bybit/rest.js';
export { parseGenericCsv, readGenericCsv } from './sources/csv/generic.js';
export { type CsvMapping, checkMapping } from './sources/csv/mapping.js';
export { parseOkxChain } from './sources/okx/parse.js';
export { fetchOkxSnapshot, okxHttp } from './sources/okx/rest.js';
export {
  describeSourceError,
  SourceError,
  type SourceErrorDetails,
  type SourceErrorKind,
} from './sources/venue/errors.js';
export { VenueHttp, type VenueHttpOptions } from './sources/venue/http.js';
