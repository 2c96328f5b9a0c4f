import { readDecimal } from './decimal.js';
import { QuantityError } from './quantityError.js';

/** `7` or `7d`: expiries within that many days (above 0, up to ten years), as `--pin-days` and `pinDays` read it. */
export function parsePinDays(value: string, field: string): number {
  const n = readDecimal(value.trim().replace(/d$/i, ''));
  if (n === undefined || !(n > 0 && n <= 3660))
    throw new QuantityError(field, value, 'must be a number of days above 0 and at most 3660, e.g. 7 or 7d');
  return n;
}
