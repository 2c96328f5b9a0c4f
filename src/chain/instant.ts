import { EARLIEST_INSTANT, LATEST_INSTANT } from '../core/units/instant.js';
import { ChainInputError } from './types.js';

/**
 * Returns `ms` when it is an epoch-ms instant within 1990–2100, else raises a ChainInputError naming
 * where and the field. Seconds or microseconds where milliseconds are due land outside, as does a
 * value no Date can hold (1e20 would end in "Invalid time value" without a location).
 */
export function checkInstant(where: string, field: string, ms: number): number {
  if (!(Number.isFinite(ms) && ms >= EARLIEST_INSTANT && ms <= LATEST_INSTANT)) {
    throw new ChainInputError(
      `${where}: ${field} (${ms}) is not an epoch-ms instant between 1990-01-01 and 2100-01-01`,
      where,
      field,
    );
  }
  return ms;
}
