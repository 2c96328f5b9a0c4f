import { InvalidArgumentError } from 'commander';

/** A commander parser for a whole number ≥ 1, naming the option when it is not one. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} (${value}) must be a positive integer`);
    return n;
  };
}

/** A commander parser for a whole number ≥ `least`, naming the option when it is not one. */
export function integerAtLeast(name: string, least: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < least)
      throw new InvalidArgumentError(`${name} (${value}) must be an integer of at least ${least}`);
    return n;
  };
}
