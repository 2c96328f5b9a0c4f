import { QuantityError, readDecimal, shown } from '../../core/units/index.js';
import { DEFAULT_THRESHOLDS, type PlaybookThresholds } from './types.js';

/** A `NAME=VALUE` that is not one, or names no threshold (a bad VALUE is a QuantityError). */
export class ThresholdSyntaxError extends RangeError {}

/**
 * `squeezeCallShareMin=0.7`: one playbook threshold over its default, as `--threshold` and `threshold` read it;
 * a bad value's error names `field` (none: the caller names it) and the threshold.
 */
export function parseThreshold(
  value: string,
  field = '--threshold',
): { readonly name: keyof PlaybookThresholds; readonly value: number } {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value.trim());
  const names = Object.keys(DEFAULT_THRESHOLDS).join(', ');
  if (!m) throw new ThresholdSyntaxError(`threshold ${shown(value)} must be NAME=VALUE, NAME one of ${names}`);
  const name = m[1] as keyof PlaybookThresholds;
  if (!(name in DEFAULT_THRESHOLDS))
    throw new ThresholdSyntaxError(`threshold ${name} is unknown: use one of ${names}`);
  const n = readDecimal(m[2] ?? '');
  if (n === undefined) throw new QuantityError(field === '' ? name : `${field} ${name}`, m[2] ?? '', 'is not a number');
  return { name, value: n };
}
