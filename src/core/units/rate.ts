import { readDecimal } from './decimal.js';
import { plain, QuantityError } from './quantityError.js';

/** Rates and yields: within ±50 % a year, the same bound for `4%` and for the decimal `0.04`. */
const RATE_LIMIT = 0.5;

/**
 * A continuously compounded rate or yield, `4%` or the decimal `0.04` → 0.04. A bare number beyond ±0.5
 * only makes sense as percent, so it is refused with that reading spelled out, not taken as 400 %.
 */
export function parseRate(text: string, field: string): number {
  const t = text.trim();
  const isPercent = /%$/.test(t);
  const n = readDecimal(isPercent ? t.replace(/\s*%$/, '') : t);
  if (n === undefined) throw new QuantityError(field, text, 'is not a rate: write e.g. 4% or 0.04');
  const rate = isPercent ? n / 100 : n;
  if (Math.abs(rate) <= RATE_LIMIT) return Math.round(rate * 1e8) / 1e8;
  const limit = `−${plain(RATE_LIMIT * 100)} % … ${plain(RATE_LIMIT * 100)} %`;
  if (!isPercent && Math.abs(n) <= RATE_LIMIT * 100)
    throw new QuantityError(field, text, `would be ${plain(n * 100)} %: write ${plain(n)}% or ${plain(n / 100)}`);
  throw new QuantityError(field, text, `is outside ${limit}: write e.g. 4% or 0.04`);
}
