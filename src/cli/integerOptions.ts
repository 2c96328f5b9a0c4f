import { parseInteger } from '../core/units/index.js';

/** A commander parser for a whole number ≥ 1 (plain decimal only), naming the flag when it is not one. */
export function positiveInteger(flag: string, max?: number) {
  return (value: string): number => parseInteger(value, flag, max === undefined ? { min: 1 } : { min: 1, max });
}

/** A commander parser for a whole number ≥ `least`, naming the flag when it is not one. */
export function integerAtLeast(flag: string, least: number) {
  return (value: string): number => parseInteger(value, flag, { min: least });
}
