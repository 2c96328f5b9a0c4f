/** gexmap's library API: numeric core, chain snapshot, readers, positioning and GEX analytics. */

export { type ExpiryRow, gexByExpiry, gexByStrike, type StrikeRow, strikeRows } from './analytics/byStrike.js';
export { findGammaFlips, nearestFlip } from './analytics/flips.js';
export {
  buildGexReport,
  DEFAULT_REPORT_OPTIONS,
  type GexReport,
  type GexReportOptions,
  reportConventions,
} from './analytics/gexReport.js';
// Analytics
export { gexPerOption, gexWeights, netGexAt } from './analytics/gexWeights.js';
export {
  findWalls,
  type MaxPain,
  maxPainByExpiry,
  OI_CLUSTER_RULE,
  type OiCluster,
  oiClusters,
  type Walls,
} from './analytics/levels.js';
export { type GexProfile, gexProfile, gexProfileDirect, logGrid, type ProfileGrid } from './analytics/profile.js';
export { distancePct, REGIME_MEANING, type Regime, regimeOf } from './analytics/regime.js';
export { describeView, type ExpiryView, parseExpiryView, selectExpiries } from './analytics/views.js';
export { admitQuote, countDropped, MAX_PLAUSIBLE_IV } from './chain/admit.js';
export { type ColumnarChain, toColumnar } from './chain/columnar.js';
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
// Positioning
export {
  dealerPositions,
  POSITIONING_MEANING,
  type Positioning,
  PositioningError,
  type PositioningName,
} from './positioning/models.js';
// Output
export { renderTextReport, type TextReportOptions } from './report/textReport.js';
// Sources
export { parseCboeCsv, readCboeFile } from './sources/cboe/index.js';
export type { DeribitBookSummary, DeribitInstrument } from './sources/deribit/index.js';
export { parseDeribitChain, parseDeribitOptionName, readDeribitDir } from './sources/deribit/index.js';
