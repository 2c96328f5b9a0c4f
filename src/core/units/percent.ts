import { readDecimal } from './decimal.js';
import { plain, QuantityError } from './quantityError.js';

/** A quantity written in percent at the edges (CLI, API) and held as a fraction by the library. */
export interface PercentQuantity {
  /** the library's name of it, in its errors: `range`, `pin band` */
  readonly name: string;
  /** what it is a percentage of, or how it reads: `of spot`, `price change` */
  readonly of: string;
  /** inclusive bounds, in percent */
  readonly min: number;
  readonly max: number;
  /** a typical value, in percent, for the messages */
  readonly example: number;
}

/** Percentages are read to 0.01 percentage point, so near-equal inputs are one value (and one cache key). */
const STEP = 100;
const round = (pct: number) => Math.round(pct * STEP) / STEP;

const bounds = (q: PercentQuantity) => `${plain(q.min)} … ${plain(q.max)} (percent ${q.of})`;

/** `20`, `20%` or ` 20 % ` → 20 (percent, to 0.01); a QuantityError naming `field` otherwise. */
export function parsePercent(text: string, field: string, q: PercentQuantity): number {
  const pct = readDecimal(text.trim().replace(/\s*%$/, ''));
  if (pct === undefined)
    throw new QuantityError(field, text, `is not a percentage: write e.g. ${plain(q.example)} or ${plain(q.example)}%`);
  if (!(pct >= q.min && pct <= q.max)) throw new QuantityError(field, text, `is outside ${bounds(q)}`);
  return round(pct);
}

/** A fraction in percent as a user wrote it: 0.07 → 7, not 7.000000000000001 (12 significant digits). */
export function percentOf(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}

/**
 * The library's smallest half-width: well above the point where spot × (1 ± x) rounds back to spot, and
 * small enough for a numeric derivative. The CLI and API bounds (`min`) sit far above it.
 */
const MIN_FRACTION = 1e-9;

/**
 * The library's check of a fraction: a percent-looking value is named as one
 * (`range 20 is not a fraction; 0.2 is ±20 %`), anything else outside the bounds is refused with them.
 */
export function checkFraction(q: PercentQuantity, value: number): void {
  const example = `${plain(q.example / 100)} is ±${plain(q.example)} %`;
  if (!Number.isFinite(value)) throw new RangeError(`${q.name} ${value} is not a number; ${example}`);
  if (value >= 1 && value <= q.max) throw new RangeError(`${q.name} ${plain(value)} is not a fraction; ${example}`);
  const min = MIN_FRACTION;
  if (!(value >= min && value <= q.max / 100))
    throw new RangeError(
      `${q.name} ${plain(value)} is outside ${min} … ${plain(q.max / 100)} (fraction ${q.of}; ${example})`,
    );
}
