/** 10^0 … 10^22: every one is a double exactly, the range where one multiply or divide rounds once. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** 2^53: integer mantissas below it are doubles exactly. */
const EXACT_INTEGERS = 2 ** 53;

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;

/** Digits a plain `digits[.digits]` may have for the short path: 10^15 < 2^53, and 15 ≤ 22. */
const SHORT_DIGITS = 15;

/**
 * readDecimalFully's answer, the common case first: unsigned `digits` or `digits.digits` of at most 15
 * digits (every number cell the CBOE reader reads) is the integer mantissa, divided once by an exact power of
 * ten, the very operations readDecimalFully does. Kept small so that the compiler inlines it into the
 * row loop and a fractional value is not boxed on the way; anything else goes to readDecimalFully.
 */
export function readDecimal(text: string, start: number, end: number): number {
  let mantissa = 0;
  let i = start;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
  }
  const whole = i - start;
  if (i === end) return whole > 0 && whole <= SHORT_DIGITS ? mantissa : readDecimalFully(text, start, end);
  if (whole === 0 || text.charCodeAt(i) !== DOT) return readDecimalFully(text, start, end);
  const dot = ++i;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
  }
  const fraction = i - dot;
  if (i !== end || fraction === 0 || whole + fraction > SHORT_DIGITS) return readDecimalFully(text, start, end);
  return mantissa / (POWERS_OF_TEN[fraction] as number);
}

/**
 * The number `text` spells from `start` to `end`, read from its character codes in place, when it
 * is a plain decimal (`[+-]digits[.digits][e[+-]digits]`, `.5` and `5.` included, no spaces) whose
 * digits make an integer mantissa below 2^53 and whose power of ten is within ±22: then the value is
 * the mantissa times or divided by an exact power of ten, one correctly rounded operation, so it is
 * exactly `Number(text.slice(start, end))` (Clinger's fast path). Anything else, well-formed or not,
 * answers NaN, and the caller reads the slice the slow way (which also words the error).
 */
export function readDecimalFully(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === MINUS;
  if (negative || c === PLUS) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  while (c >= ZERO && c <= NINE && i < end) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = text.charCodeAt(++i);
  }
  let scale = 0;
  if (c === DOT && i < end) {
    c = text.charCodeAt(++i);
    while (c >= ZERO && c <= NINE && i < end) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      scale--;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return Number.NaN;
  if ((c === LOWER_E || c === UPPER_E) && i < end) {
    c = text.charCodeAt(++i);
    const down = c === MINUS;
    if (down || c === PLUS) c = text.charCodeAt(++i);
    let exponent = 0;
    let expDigits = 0;
    while (c >= ZERO && c <= NINE && i < end) {
      // capped: beyond the fast path's reach either way, and no overflow of the count
      if (exponent < 1000) exponent = exponent * 10 + (c - ZERO);
      expDigits++;
      c = text.charCodeAt(++i);
    }
    if (expDigits === 0) return Number.NaN;
    scale += down ? -exponent : exponent;
  }
  if (i !== end || mantissa >= EXACT_INTEGERS) return Number.NaN;
  let value: number;
  if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) value = mantissa * (POWERS_OF_TEN[scale] as number);
  else if (scale < 0 && scale >= -22) value = mantissa / (POWERS_OF_TEN[-scale] as number);
  else return Number.NaN;
  return negative ? -value : value;
}
