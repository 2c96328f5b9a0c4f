import { readDecimal } from './decimal.js';
import { plain, QuantityError } from './quantityError.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

export interface DurationQuantity {
  /** inclusive bounds, ms */
  readonly minMs: number;
  readonly maxMs: number;
  /** the unit of a bare number (`--every 60` is seconds, `--horizon 24` hours) */
  readonly bareUnit: Unit;
}

/** `500ms`, `60s`, `5m`, `1.5h`, `3d`, or a bare number in the quantity's unit → whole ms. */
export function parseDuration(text: string, field: string, q: DurationQuantity): number {
  const m = /^(.*?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  const n = m ? readDecimal(m[1] ?? '') : undefined;
  if (m === null || n === undefined)
    throw new QuantityError(field, text, `is not a duration: write e.g. 60s, 5m, 1h or 3d`);
  const ms = Math.round(n * UNIT_MS[(m[2] as Unit | undefined) ?? q.bareUnit]);
  if (!(ms >= q.minMs && ms <= q.maxMs))
    throw new QuantityError(field, text, `is outside ${formatDuration(q.minMs)} … ${formatDuration(q.maxMs)}`);
  return ms;
}

/** Whole hours in hours, else seconds, else ms: 60000 → `60s`, 3600000 → `1h`, 86400000 → `24h`. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms % UNIT_MS.s === 0) return `${ms / UNIT_MS.s}s`;
  return `${plain(ms)}ms`;
}
