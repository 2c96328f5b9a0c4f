export { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from '../../venue/backoff.js';
export { DEFAULT_RATE_LIMIT, type RateLimit, RequestPacer } from '../../venue/rateLimit.js';
export {
  DERIBIT,
  deribitError,
  errorFromHttpStatus,
  errorFromRpc,
  errorKindOfCode,
} from './errors.js';
export {
  DeribitLiveFeed,
  type DeribitLiveFeedOptions,
  type FeedEvent,
  type FeedStatus,
} from './feed.js';
export {
  DERIBIT_PRODUCTION_URL,
  DERIBIT_TESTNET_URL,
  DeribitHttp,
  type DeribitHttpOptions,
  type RpcParams,
} from './http.js';
export { type DeribitMarket, deribitMarket, inMarket, marketChannels, type TradeInterval } from './market.js';
export { classifyWsMessage, rpcRequest, type WsMessage } from './messages.js';
export {
  type IndexUpdate,
  type InstrumentStateUpdate,
  type MarkUpdate,
  parseIndexPrice,
  parseIndexPriceResult,
  parseInstrumentState,
  parseMarkPrices,
} from './parse.js';
export type {
  DeribitIndexPriceResult,
  DeribitInstrumentState,
  DeribitInstrumentStateChange,
  DeribitMarkPriceItem,
  DeribitPriceIndex,
} from './payloads.js';
export {
  type DeribitSnapshotPayloads,
  fetchDeribitPayloads,
  fetchDeribitSnapshot,
  marketRows,
  parseSnapshotPayloads,
} from './snapshot.js';
export { DeribitWs, type DeribitWsHandlers, type DeribitWsOptions, deribitWsUrl, type WsState } from './ws.js';
