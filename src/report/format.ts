/** Number formats for terminal output. */

export function fmtUsd(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (a >= 1e12) return `${sign}${(a / 1e12).toFixed(3)} tn`;
  if (a >= 1e9) return `${sign}${(a / 1e9).toFixed(3)} bn`;
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(2)} M`;
  if (a >= 1e3) return `${sign}${(a / 1e3).toFixed(1)} k`;
  return `${sign}${a.toFixed(0)}`;
}

export function fmtPrice(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 1000 ? 2 : Math.abs(value) >= 1 ? 2 : 6;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtStrike(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function fmtCount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export function fmtPct(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)} %`;
}
