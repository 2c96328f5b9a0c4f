/**
 * gexmap/analytics: the numeric core, the chain snapshot, positioning and every GEX analytic, pure
 * (no I/O, no clock, no Node types): what runs in a browser, a worker or a notebook kernel alike.
 * The readers, store, server and charts are in the main entry, `gexmap`.
 */

export {
  admitQuote,
  countDropped,
  MAX_PLAUSIBLE_CONTRACTS,
  MAX_PLAUSIBLE_IV,
  MIN_PLAUSIBLE_IV,
} from '../chain/admit.js';
export { type ColumnarChain, toColumnar } from '../chain/columnar.js';
export { checkInstant } from '../chain/instant.js';
export {
  type ApplyResult,
  LiveChain,
  type LiveChainOptions,
  type MarkUpdate,
  type SpotUpdate,
} from '../chain/liveChain.js';
export { checkPlausibleChain, forwardBandFor } from '../chain/plausibility.js';
export type { StreamHealth } from '../chain/streamHealth.js';
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
} from '../chain/types.js';
export { type Black76Greeks, type Black76Input, black76, black76Gamma, type OptionSign } from '../core/black76.js';
export { brentRoot } from '../core/brent.js';
export { type BsmGreeks, type BsmInput, bsm } from '../core/bsm.js';
export {
  coinPremiumToUsd,
  type ImpliedVolBsmInput,
  type ImpliedVolInput,
  type ImpliedVolResult,
  impliedVol,
  impliedVolBsm,
} from '../core/impliedVol.js';
export { erfc, normCdf, normPdf } from '../core/normal.js';
export {
  FLOW_RULE,
  type FlowCoverage,
  type FlowOption,
  type FlowPositions,
  flowPositioning,
  flowPositions,
  type TakerFlow,
} from '../positioning/flow.js';
export {
  checkPositionSize,
  dealerPositions,
  POSITIONING_MEANING,
  type Positioning,
  PositioningError,
  type PositioningName,
  positioningWithin,
  restrictTo,
} from '../positioning/models.js';
export { type ExpiryRow, gexByExpiry, gexByStrike, type StrikeRow, strikeRows } from './byStrike.js';
export { gexByStrikeExpiry, type StrikeExpiryGrid } from './byStrikeExpiry.js';
export {
  type CertifiedFlips,
  certifiedGammaFlips,
  type FlipSearch,
  type FlipSearchOptions,
} from './certifiedFlips.js';
export { type Dex, type DexRow, dealerDex } from './dex.js';
export { findGammaFlips, nearestFlip } from './flips.js';
export { compareFlow, type FlowComparison, type PositioningSummary } from './flowComparison.js';
export {
  buildFullReport,
  DEFAULT_FULL_REPORT_OPTIONS,
  type FullReport,
  type FullReportOptions,
} from './fullReport.js';
export {
  buildGexReport,
  DEFAULT_REPORT_OPTIONS,
  type GexReport,
  type GexReportOptions,
  reportConventions,
} from './gexReport.js';
export {
  type GexSurface,
  gexSurface,
  type SurfaceRequest,
  type SurfaceRows,
  type SurfaceSpec,
  surfaceRows,
} from './gexSurface.js';
export { gexPerOption, gexWeights, netGexAt } from './gexWeights.js';
export { type GexHeadline, gexHeadline, type MapSummary } from './headline.js';
export { type KeyLevel, type KeyLevelKind, keyLevels } from './keyLevels.js';
export {
  findWalls,
  type MaxPain,
  maxPainByExpiry,
  OI_CLUSTER_RULE,
  type OiCluster,
  oiClusters,
  type Walls,
} from './levels.js';
export {
  type LiveMetrics,
  type LiveMetricsOptions,
  type LiveMetricsRequest,
  liveMetrics,
  liveMetricsFor,
} from './live.js';
export { dealerDeltaAt, dealerDeltaWeights } from './mechanics/deltaKernel.js';
export { type HedgeFlowCurve, type HedgeFlowGrid, hedgeFlowCurve } from './mechanics/hedgeFlow.js';
export { type RollOff, type RollOffMap, rollOff } from './mechanics/rollOff.js';
export {
  type CharmExposure,
  type StrikeValue,
  type VannaExposure,
  vannaCharm,
} from './mechanics/vannaCharm.js';
export { type PinOptions, type Pins, pinsOf } from './pins.js';
export {
  DEFAULT_THRESHOLDS,
  evaluatePlaybook,
  type Playbook,
  type PlaybookThresholds,
  type PutTape,
  type RuleResult,
  type RuleStatus,
  summarizePutTrades,
} from './playbook/index.js';
export { type PositionedView, positionedView } from './positionedView.js';
export { type GexProfile, gexProfile, gexProfileDirect, logGrid, type ProfileGrid } from './profile.js';
export { distancePct, REGIME_MEANING, type Regime, regimeOf } from './regime.js';
export { type ExpirySkew, type SkewReport, skewReport, type TermPoint } from './skew/skew.js';
export { type SmilePoint, smilesByExpiry } from './skew/smile.js';
export { maskToView } from './viewMask.js';
export { describeView, type ExpiryView, parseExpiryView, selectExpiries } from './views.js';
export { type MoveOutcome, movedSnapshot, whatIfMove } from './whatIfMove.js';
