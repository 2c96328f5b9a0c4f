import { readDecimal } from './decimal.js';
import { QuantityError } from './quantityError.js';

/** A whole number within inclusive bounds, written as a plain decimal (`0x10`, `1e400`, `` refused). */
export function parseInteger(text: string, field: string, bounds: { min: number; max?: number }): number {
  const n = readDecimal(text);
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (n === undefined || !Number.isInteger(n) || n < bounds.min || n > max)
    throw new QuantityError(
      field,
      text,
      bounds.max === undefined
        ? `must be an integer of at least ${bounds.min}`
        : `must be an integer from ${bounds.min} to ${bounds.max}`,
    );
  return n;
}

/** A plain decimal within inclusive bounds, in the unit `unit` names for the message. */
export function parseBounded(text: string, field: string, b: { min: number; max: number; unit: string }): number {
  const n = readDecimal(text);
  if (n === undefined || !(n >= b.min && n <= b.max))
    throw new QuantityError(field, text, `must be a number from ${b.min} to ${b.max} (${b.unit})`);
  return n;
}
