export {
  linearMarketFromBtc,
  ReplayMarket,
  type ReplayMarketSpec,
  type ReplayTick,
  type Row,
  recordedBtcMarket,
} from './market.js';
export {
  type DeribitReplay,
  type ReplayFaults,
  type ReplayOptions,
  type ReplayStats,
  startDeribitReplay,
} from './server.js';
