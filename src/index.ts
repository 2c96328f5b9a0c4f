/** gexmap's library API: numeric core, chain snapshot, readers, positioning and GEX analytics. */

export { type ExpiryRow, gexByExpiry, gexByStrike, type StrikeRow, strikeRows } from './analytics/byStrike.js';
export { gexByStrikeExpiry, type StrikeExpiryGrid } from './analytics/byStrikeExpiry.js';
export {
  type CertifiedFlips,
  certifiedGammaFlips,
  type FlipSearch,
  type FlipSearchOptions,
} from './analytics/certifiedFlips.js';
export { type Dex, type DexRow, dealerDex } from './analytics/dex.js';
export { findGammaFlips, nearestFlip } from './analytics/flips.js';
export { compareFlow, type FlowComparison, type PositioningSummary } from './analytics/flowComparison.js';
export {
  buildFullReport,
  DEFAULT_FULL_REPORT_OPTIONS,
  type FullReport,
  type FullReportOptions,
} from './analytics/fullReport.js';
export {
  buildGexReport,
  DEFAULT_REPORT_OPTIONS,
  type GexReport,
  type GexReportOptions,
  reportConventions,
} from './analytics/gexReport.js';
export {
  type GexSurface,
  gexSurface,
  type SurfaceRequest,
  type SurfaceRows,
  type SurfaceSpec,
  surfaceRows,
} from './analytics/gexSurface.js';
// Analytics
export { gexPerOption, gexWeights, netGexAt } from './analytics/gexWeights.js';
export { type GexHeadline, gexHeadline, type MapSummary } from './analytics/headline.js';
export { type KeyLevel, type KeyLevelKind, keyLevels } from './analytics/keyLevels.js';
export {
  findWalls,
  type MaxPain,
  maxPainByExpiry,
  OI_CLUSTER_RULE,
  type OiCluster,
  oiClusters,
  type Walls,
} from './analytics/levels.js';
export {
  type LiveMetrics,
  type LiveMetricsOptions,
  type LiveMetricsRequest,
  liveMetrics,
  liveMetricsFor,
} from './analytics/live.js';
export { dealerDeltaAt, dealerDeltaWeights } from './analytics/mechanics/deltaKernel.js';
export { type HedgeFlowCurve, type HedgeFlowGrid, hedgeFlowCurve } from './analytics/mechanics/hedgeFlow.js';
export { type RollOff, type RollOffMap, rollOff } from './analytics/mechanics/rollOff.js';
export {
  type CharmExposure,
  type StrikeValue,
  type VannaExposure,
  vannaCharm,
} from './analytics/mechanics/vannaCharm.js';
export { type PinOptions, type Pins, pinsOf } from './analytics/pins.js';
export {
  DEFAULT_THRESHOLDS,
  evaluatePlaybook,
  type Playbook,
  type PlaybookThresholds,
  type PutTape,
  type RuleResult,
  type RuleStatus,
  summarizePutTrades,
} from './analytics/playbook/index.js';
export { type PositionedView, positionedView } from './analytics/positionedView.js';
export { type GexProfile, gexProfile, gexProfileDirect, logGrid, type ProfileGrid } from './analytics/profile.js';
export { distancePct, REGIME_MEANING, type Regime, regimeOf } from './analytics/regime.js';
export { type ExpirySkew, type SkewReport, skewReport, type TermPoint } from './analytics/skew/skew.js';
export { type SmilePoint, smilesByExpiry } from './analytics/skew/smile.js';
export { maskToView } from './analytics/viewMask.js';
export { describeView, type ExpiryView, parseExpiryView, selectExpiries } from './analytics/views.js';
export {
  admitQuote,
  countDropped,
  MAX_PLAUSIBLE_CONTRACTS,
  MAX_PLAUSIBLE_IV,
  MIN_PLAUSIBLE_IV,
} from './chain/admit.js';
export { type ColumnarChain, toColumnar } from './chain/columnar.js';
export { checkInstant } from './chain/instant.js';
export {
  type ApplyResult,
  LiveChain,
  type LiveChainOptions,
  type MarkUpdate,
  type SpotUpdate,
} from './chain/liveChain.js';
export { checkPlausibleChain, forwardBandFor } from './chain/plausibility.js';
export type { StreamHealth } from './chain/streamHealth.js';
// Chain
export {
  ChainInputError,
  type ChainSnapshot,
  type DroppedRow,
  type DropReason,
  MS_PER_YEAR,
  type OptionQuote,
  type OptionType,
  type PricingModel,
  yearsBetween,
} from './chain/types.js';
// Numeric core
export { type Black76Greeks, type Black76Input, black76, black76Gamma, type OptionSign } from './core/black76.js';
export { brentRoot } from './core/brent.js';
export { type BsmGreeks, type BsmInput, bsm } from './core/bsm.js';
export {
  coinPremiumToUsd,
  type ImpliedVolBsmInput,
  type ImpliedVolInput,
  type ImpliedVolResult,
  impliedVol,
  impliedVolBsm,
} from './core/impliedVol.js';
export { erfc, normCdf, normPdf } from './core/normal.js';
export { type BacktestOptions, type BacktestResult, renderBacktestText, runBacktest } from './history/backtest.js';
export {
  type RecorderOptions,
  type RecorderStats,
  type RecordTarget,
  runRecorder,
  venueTargets,
} from './history/recorder.js';
export { type SimulatorOptions, simulatedRecords, simulateGexHistory } from './history/simulator.js';
export { runStudy, type StudyOptions, type StudyResult } from './history/study/study.js';
export { recordOf, summarizeSnapshot } from './history/summary.js';
// Positioning
export {
  FLOW_RULE,
  type FlowCoverage,
  type FlowOption,
  type FlowPositions,
  flowPositioning,
  flowPositions,
  type TakerFlow,
} from './positioning/flow.js';
export {
  checkPositionSize,
  dealerPositions,
  POSITIONING_MEANING,
  type Positioning,
  PositioningError,
  type PositioningName,
  positioningWithin,
  restrictTo,
} from './positioning/models.js';
// Output
export { assertFiniteOutput, NonFiniteOutputError } from './report/finiteOutput.js';
export { type MechanicsTextOptions, renderMechanicsText } from './report/mechanicsText.js';
export { renderStudyText } from './report/studyText.js';
export { renderTextReport, type TextReportOptions } from './report/textReport.js';
// Sources
export { parseCboeCsv, readCboeFile } from './sources/cboe/index.js';
export type { DeribitBookSummary, DeribitInstrument } from './sources/deribit/index.js';
export { parseDeribitChain, parseDeribitOptionName, readDeribitDir } from './sources/deribit/index.js';
// Live Deribit (REST snapshot, WebSocket stream) and the trade tape
export {
  DERIBIT_PRODUCTION_URL,
  DERIBIT_TESTNET_URL,
  DeribitHttp,
  type DeribitHttpOptions,
  DeribitLiveFeed,
  type DeribitLiveFeedOptions,
  type DeribitMarket,
  DeribitWs,
  deribitMarket,
  type FeedEvent,
  type FeedStatus,
  fetchDeribitSnapshot,
} from './sources/deribit/live/index.js';
export {
  appendTapeFile,
  backfillTrades,
  readTapeFile,
  type TapeCursor,
  type TapeTrade,
  TradeTape,
} from './sources/deribit/tape/index.js';
export { readPrices, readPricesFile } from './sources/prices/read.js';
export type { PriceBar, PriceSeries } from './sources/prices/types.js';
export { TARDIS_OPTIONS_CHAIN_HEADER, type TardisImportOptions } from './sources/tardis/format.js';
export { readTardisOptionsChain } from './sources/tardis/optionsChain.js';
// Every live venue's whole chain over REST (Deribit, OKX, Bybit, Binance)
export {
  LIVE_VENUES,
  type LiveVenue,
  VENUE_BASE_URLS,
  type VenueFetchOptions,
  venueSnapshotFetcher,
} from './sources/venueSnapshots.js';
// History: snapshot store (DuckDB, PostgreSQL, Parquet), recorder, Tardis import, backtest
export { DuckDbStore, type DuckDbStoreOptions } from './store/duckdb.js';
export { openStore } from './store/open.js';
export { exportParquet, importParquet, PARQUET_TABLES } from './store/parquet.js';
export { PostgresStore } from './store/postgres.js';
export {
  type HistoryQuery,
  type SnapshotKey,
  type SnapshotMeta,
  type SnapshotRecord,
  type SnapshotStore,
  type SnapshotSummary,
  StoreError,
  type SummaryPoint,
  type WriteOutcome,
} from './store/types.js';
// More venues (OKX, Bybit, Binance), aggregation across venues, generic CSV
export * from './venues.js';
