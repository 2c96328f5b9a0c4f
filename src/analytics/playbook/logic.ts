import type { RuleCondition, RuleStatus } from './types.js';

/**
 * Three-valued AND (Kleene): not-fired as soon as one known condition fails, not-enough-data when
 * none fails but one cannot be evaluated, fired when all hold. A missing input never fires a rule.
 */
export function statusOf(conditions: readonly RuleCondition[]): RuleStatus {
  if (conditions.some((c) => c.met === false)) return 'not-fired';
  if (conditions.some((c) => c.met === null)) return 'not-enough-data';
  return 'fired';
}

export function failed(conditions: readonly RuleCondition[]): string {
  return conditions
    .filter((c) => c.met === false)
    .map((c) => c.name)
    .join('; ');
}

export function missing(conditions: readonly RuleCondition[]): string {
  return conditions
    .filter((c) => c.met === null)
    .map((c) => c.name)
    .join('; ');
}

/** Strikes in [lo, hi] (inclusive) that `keep` accepts (all of them without it). */
export interface StrikeBand {
  readonly lo: number;
  readonly hi: number;
  readonly keep?: (strike: number) => boolean;
}

/** Sum of `values` over the strikes of the band. */
export function oiInBand(strikes: Float64Array, values: Float64Array, band: StrikeBand): number {
  const { lo, hi, keep = () => true } = band;
  let sum = 0;
  for (let s = 0; s < strikes.length; s++) {
    const k = strikes[s]!;
    if (k >= lo && k <= hi && keep(k)) sum += values[s]!;
  }
  return sum;
}

/** The `count` strikes of the band with the largest values, nearest spot first. */
export function largestInBand(
  strikes: Float64Array,
  values: Float64Array,
  band: StrikeBand & { readonly spot: number },
  count = 3,
): number[] {
  const { lo, hi, spot, keep = () => true } = band;
  const idx: number[] = [];
  for (let s = 0; s < strikes.length; s++) {
    const k = strikes[s]!;
    if (k >= lo && k <= hi && keep(k) && values[s]! > 0) idx.push(s);
  }
  return idx
    .sort((a, b) => values[b]! - values[a]!)
    .slice(0, count)
    .map((s) => strikes[s]!)
    .sort((a, b) => Math.abs(a - spot) - Math.abs(b - spot));
}
