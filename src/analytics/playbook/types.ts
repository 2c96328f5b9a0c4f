import type { OiCluster } from '../levels.js';

export type RuleStatus = 'fired' | 'not-fired' | 'not-enough-data';

export type RuleName = 'squeeze-risk' | 'range-backdrop' | 'selloff-acceleration';

/** One condition of a rule: true, false, or null when its input is missing. */
export interface RuleCondition {
  readonly name: string;
  readonly met: boolean | null;
}

export interface RuleResult {
  readonly rule: RuleName;
  readonly status: RuleStatus;
  /** the numbers that decided it; null = not available */
  readonly inputs: Record<string, number | null>;
  readonly thresholds: Record<string, number>;
  readonly conditions: RuleCondition[];
  /** price levels the rule points at (strikes), nearest spot first */
  readonly levels: number[];
  /** one line: what this outcome means */
  readonly meaning: string;
}

/** Customer put trades over a window of the trade tape (aggressor = customer), notional in USD. */
export interface PutTape {
  readonly putBuyNotional: number;
  readonly putSellNotional: number;
  /** ISO instant or epoch ms */
  readonly windowStart: string | number;
  readonly windowEnd: string | number;
}

/** Thresholds of the rules; every one is an option with the documented default. */
export interface PlaybookThresholds {
  /** band around spot for "near spot" OI, percent (calls above spot, puts below) */
  readonly nearBandPct: number;
  /** squeeze: call OI above spot / (that + put OI below spot), both within the band, at least this */
  readonly squeezeCallShareMin: number;
  /** squeeze: price change over the lookback above this, percent */
  readonly squeezeSpotChangeMinPct: number;
  /** range: OI clusters within this distance of spot, percent */
  readonly rangeReachPct: number;
  /** range: at least this many clusters within reach */
  readonly rangeClustersMin: number;
  /** sell-off: price change over the lookback below this, percent */
  readonly selloffSpotChangeMaxPct: number;
  /** sell-off: customer put buying / (buying + selling) on the tape, at least this */
  readonly selloffPutBuyShareMin: number;
}

export const DEFAULT_THRESHOLDS: PlaybookThresholds = {
  nearBandPct: 5,
  squeezeCallShareMin: 0.6,
  squeezeSpotChangeMinPct: 1,
  rangeReachPct: 3,
  rangeClustersMin: 1,
  selloffSpotChangeMaxPct: -1,
  selloffPutBuyShareMin: 0.6,
};

/** What the rules read from the chain (all expiries in view) and from the user. */
export interface PlaybookInput {
  readonly spot: number;
  /** USD per 1 % at spot */
  readonly netGex: number;
  /** distinct strikes ascending, with call and put OI summed over the expiries in view */
  readonly strikes: Float64Array;
  readonly callOi: Float64Array;
  readonly putOi: Float64Array;
  /** the GEX report's OI clusters */
  readonly oiClusters: readonly OiCluster[];
  /** price change over the lookback, percent; undefined = unknown */
  readonly spotChangePct?: number | undefined;
  readonly tape?: PutTape | undefined;
}

export interface Playbook {
  readonly rules: RuleResult[];
  /** the period of spotChangePct as the user described it, or null */
  readonly lookback: string | null;
  readonly caveat: string;
}

export const PLAYBOOK_CAVEAT =
  'GEX maps dealer hedging mechanics (whether moves tend to fade or run), not direction; these rules describe the setup, they are not trading signals';
