// Plain decimal text only: an optional sign, digits with an optional fraction, an optional exponent.
// Number() alone would take hex (0x10), binary, "Infinity", "" and " " (both 0).
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

/** The value of a plain decimal (surrounding blanks ignored), or undefined for anything else or a non-finite value. */
export function readDecimal(text: string): number | undefined {
  const t = text.trim();
  if (t.length > 64 || !DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
