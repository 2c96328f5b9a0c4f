import { at } from '../core/at.js';

/** Mean of the values; NaN for none. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += at(xs, i);
  return xs.length ? s / xs.length : Number.NaN;
}

/** Median of the values (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: ArrayLike<number>): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 ? at(sorted, mid) : (at(sorted, mid - 1) + at(sorted, mid)) / 2;
}

/**
 * Moving-block bootstrap of the mean (blocks of `block` consecutive values, in time order): the
 * values of consecutive snapshots are not independent draws. Returns the resampled means, sorted.
 */
export function bootstrapMeans(xs: Float64Array, resamples: number, random: () => number, block: number): Float64Array {
  const means = new Float64Array(resamples);
  const n = xs.length;
  const len = Math.max(1, Math.min(block, n));
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    let taken = 0;
    while (taken < n) {
      const start = Math.floor(random() * (n - len + 1));
      for (let i = 0; i < len && taken < n; i++, taken++) s += at(xs, start + i);
    }
    means[b] = s / n;
  }
  return means.sort();
}

/** The central `level` interval of sorted resamples (percentile method). */
export function interval(sorted: Float64Array, level: number): [number, number] {
  if (sorted.length === 0) return [Number.NaN, Number.NaN];
  const lo = at(sorted, Math.floor(((1 - level) / 2) * (sorted.length - 1)));
  const hi = at(sorted, Math.ceil((1 - (1 - level) / 2) * (sorted.length - 1)));
  return [lo, hi];
}

/**
 * The interval of mean(a) − mean(b) from independent block resamples of each group, paired by index
 * after shuffling b's resamples.
 */
export function differenceInterval(
  a: Float64Array,
  b: Float64Array,
  options: { resamples: number; random: () => number; block: number; level: number },
): { value: number; ci: [number, number] } {
  const ra = bootstrapMeans(a, options.resamples, options.random, options.block);
  const rb = bootstrapMeans(b, options.resamples, options.random, options.block);
  for (let i = rb.length - 1; i > 0; i--) {
    const k = Math.floor(options.random() * (i + 1));
    [rb[i], rb[k]] = [at(rb, k), at(rb, i)];
  }
  const diff = Float64Array.from(ra, (x, i) => x - at(rb, i)).sort();
  return { value: mean(a) - mean(b), ci: interval(diff, options.level) };
}

/** |distance to the nearest flip| buckets, in % of spot. */
const DISTANCE_BUCKETS: readonly { label: string; lo: number; hi: number }[] = [
  { label: '< 1 %', lo: 0, hi: 1 },
  { label: '1–2.5 %', lo: 1, hi: 2.5 },
  { label: '2.5–5 %', lo: 2.5, hi: 5 },
  { label: '5–10 %', lo: 5, hi: 10 },
  { label: '≥ 10 %', lo: 10, hi: Number.POSITIVE_INFINITY },
];

/** The bucket labels in order, `no flip` last. */
export const DISTANCE_LABELS: readonly string[] = [...DISTANCE_BUCKETS.map((b) => b.label), 'no flip'];

export function bucketOf(distancePct: number | null): string {
  if (distancePct === null) return 'no flip';
  const d = Math.abs(distancePct);
  const bucket = DISTANCE_BUCKETS.find((b) => d >= b.lo && d < b.hi);
  if (bucket === undefined) throw new RangeError(`distance to the flip ${distancePct} % is not a number`);
  return bucket.label;
}
