import { rangeBackdrop } from './rangeBackdrop.js';
import { selloffAcceleration } from './selloff.js';
import { squeezeRisk } from './squeeze.js';
import {
  DEFAULT_THRESHOLDS,
  PLAYBOOK_CAVEAT,
  type Playbook,
  type PlaybookInput,
  type PlaybookThresholds,
} from './types.js';

export { statusOf } from './logic.js';
export { summarizePutTrades } from './putTape.js';
export { validateTape } from './selloff.js';
export { parseThreshold, ThresholdSyntaxError } from './threshold.js';
export * from './types.js';

const FRACTIONS = new Set<keyof PlaybookThresholds>(['squeezeCallShareMin', 'selloffPutBuyShareMin']);

/** Defaults overlaid with the user's thresholds, each checked (the error names it and its value). */
export function resolveThresholds(overrides: Partial<PlaybookThresholds> = {}): PlaybookThresholds {
  const th = { ...DEFAULT_THRESHOLDS, ...overrides };
  for (const [name, value] of Object.entries(th) as [keyof PlaybookThresholds, number][]) {
    if (!(name in DEFAULT_THRESHOLDS)) throw new RangeError(`unknown playbook threshold ${name}`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RangeError(`playbook threshold ${name} (${String(value)}) must be a finite number`);
    if (FRACTIONS.has(name) && !(value > 0 && value <= 1))
      throw new RangeError(`playbook threshold ${name} (${value}) must be a share in (0, 1]`);
  }
  if (!(th.nearBandPct > 0 && th.nearBandPct < 100))
    throw new RangeError(`playbook threshold nearBandPct (${th.nearBandPct}) must be a percentage in (0, 100)`);
  if (!(th.rangeReachPct > 0))
    throw new RangeError(`playbook threshold rangeReachPct (${th.rangeReachPct}) must be > 0`);
  return th;
}

export function playbookRule(th: PlaybookThresholds): string {
  return `three rules, each fired / not-fired / not-enough-data with the inputs that decided it. A rule is not-fired as soon as one known condition fails, and not-enough-data when none fails but an input is missing (never guessed). squeeze-risk: net GEX < 0 AND call OI at strikes within +${th.nearBandPct} % above spot ≥ ${th.squeezeCallShareMin * 100} % of (that call OI + put OI at strikes within −${th.nearBandPct} % below spot), all expiries in view AND price change over the lookback > ${th.squeezeSpotChangeMinPct} %. range-backdrop: net GEX ≥ 0 AND ≥ ${th.rangeClustersMin} OI cluster(s) (the report's rule) within ±${th.rangeReachPct} % of spot. selloff-acceleration: net GEX < 0 AND price change < ${th.selloffSpotChangeMaxPct} % AND customer put buying ≥ ${th.selloffPutBuyShareMin * 100} % of put notional on the trade tape (buy / (buy + sell))`;
}

/** Evaluates the three rules of the playbook. */
export function evaluatePlaybook(
  input: PlaybookInput,
  thresholds: Partial<PlaybookThresholds> = {},
  lookback: string | null = null,
): Playbook {
  const th = resolveThresholds(thresholds);
  if (input.spotChangePct !== undefined && !Number.isFinite(input.spotChangePct))
    throw new RangeError(`spot change (${input.spotChangePct}) must be a finite percentage`);
  return {
    rules: [squeezeRisk(input, th), rangeBackdrop(input, th), selloffAcceleration(input, th)],
    lookback,
    caveat: PLAYBOOK_CAVEAT,
  };
}
