import { escapeText } from '../escape.js';

/**
 * A number a user typed (a flag, a query field) that is not one, or outside its quantity's bounds.
 * `field` is the name the user typed (`--range`, `range`); `reason` reads on after the value.
 */
export class QuantityError extends RangeError {
  constructor(
    readonly field: string,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${field} ${shown(text)} ${reason}`);
    this.name = 'QuantityError';
  }
}

/** The user's text as it may be echoed: control bytes and line breaks escaped, at most 40 characters. */
export function shown(text: string): string {
  const safe = escapeText(text);
  const cut = safe.length > 40 ? `${safe.slice(0, 39)}…` : safe;
  return cut === '' ? '""' : cut;
}

/** A number for a message: 12 significant digits at most, so 0.07 × 100 reads 7, not 7.000000000000001. */
export function plain(n: number): string {
  return String(Number(n.toPrecision(12)));
}
