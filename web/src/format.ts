/**
 * Number formats of every tooltip, table and label on the page: 3–4 significant digits with a unit
 * (`−2.77 bn USD`, `144 M`, `4,580`), a true minus sign, prices to the strike's precision. Pure (no DOM).
 */

const MINUS = '−';

function signed(v: number, text: string): string {
  return v < 0 ? `${MINUS}${text}` : text;
}

/** `digits` significant digits, grouped: 4,580 · 1.23 · 0.0123 */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return signed(v, Math.abs(v).toLocaleString('en-US', { maximumSignificantDigits: digits }));
}

/**
 * A size with a scale word: −2.77 bn, 144 M, 45.8 k, 4,580, 123, 1.23 — 3 significant digits (4 in the
 * thousands, where the grouped number reads better than `4.58 k`); `unit` appended when given.
 */
export function compact(v: number, unit?: string): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const scaled =
    a >= 1e12
      ? `${sig(a / 1e12)} tn`
      : a >= 1e9
        ? `${sig(a / 1e9)} bn`
        : a >= 1e6
          ? `${sig(a / 1e6)} M`
          : a >= 1e4
            ? `${sig(a / 1e3)} k`
            : sig(a, a >= 1e3 ? 4 : 3);
  const text = signed(v, scaled);
  return unit === undefined ? text : `${text} ${unit}`;
}

/** USD sizes: `−2.77 bn USD` */
export const usd = (v: number) => compact(v, 'USD');

/** A price or strike: whole above 10,000, one decimal above 100 (4,004.6), else up to four places. */
export function price(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const decimals = a >= 10_000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 4;
  return signed(v, a.toLocaleString('en-US', { maximumFractionDigits: decimals }));
}

/** A signed difference of prices, to a price's precision but at most two places: `+2,322`, `−1,880.1`, `−0.56` */
export function points(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const text = a.toLocaleString('en-US', { maximumFractionDigits: a >= 10_000 ? 0 : a >= 100 ? 1 : 2 });
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

/** A signed percentage (the value already in percent): `+0.40 %`, `−1.78 %` */
export function percent(v: number | null | undefined, decimals = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const text = `${Math.abs(v).toFixed(decimals)} %`;
  return v > 0 ? `+${text}` : signed(v, text);
}

/** A fraction as a percentage without sign: 0.523 → `52.3 %` (vols, shares) */
export function share(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${sig(v * 100)} %`;
}

/** An ISO instant as `2025-11-20 08:00Z`; the short form `11-20 08:00` for crowded axes. */
export function instant(iso: string, short = false): string {
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
  return short ? text.slice(5, 16) : text;
}
