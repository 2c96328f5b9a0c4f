import { bootstrapMeans, differenceInterval, interval, mean, median } from '../bootstrap.js';
import type { Measure } from './measures.js';
import type { StudySession } from './sessions.js';

export interface BootstrapSettings {
  readonly resamples: number;
  readonly level: number;
  readonly random: () => number;
}

/** One measure over a group: how many sessions have it, mean, median and the mean's interval. */
export interface MeasureSummary {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly ci: readonly [number, number] | null;
}

export interface StudyGroup {
  readonly group: string;
  readonly count: number;
  readonly measures: Readonly<Partial<Record<Measure, MeasureSummary>>>;
}

/** The value of a measure for one session, or null when the session has none. */
export function measureOf(s: StudySession, m: Measure): number | null {
  switch (m) {
    case 'closeToClose':
      return s.rvCloseToClose;
    case 'parkinson':
      return s.rvParkinson;
    case 'garmanKlass':
      return s.rvGarmanKlass;
    case 'fiveMinute':
      return s.rvFiveMinute;
  }
}

/** The measure's values of the sessions (in their order) that have it. */
export function valuesOf(sessions: readonly StudySession[], m: Measure): Float64Array {
  const out: number[] = [];
  for (const s of sessions) {
    const v = measureOf(s, m);
    if (v !== null) out.push(v);
  }
  return Float64Array.from(out);
}

/** Block length of the bootstrap: the cube root of the sample, rounded (at least 1). */
export const blockLength = (n: number) => Math.max(1, Math.round(Math.cbrt(n)));

export function summarise(xs: Float64Array, b: BootstrapSettings): MeasureSummary {
  if (xs.length === 0) return { n: 0, mean: null, median: null, ci: null };
  const means = bootstrapMeans(xs, b.resamples, b.random, blockLength(xs.length));
  return { n: xs.length, mean: mean(xs), median: median(xs), ci: interval(means, b.level) };
}

export function groupOf(
  label: string,
  members: readonly StudySession[],
  measures: readonly Measure[],
  b: BootstrapSettings,
): StudyGroup {
  const out: Partial<Record<Measure, MeasureSummary>> = {};
  for (const m of measures) out[m] = summarise(valuesOf(members, m), b);
  return { group: label, count: members.length, measures: out };
}

/** Mean of −GEX minus mean of +GEX for each measure, with its interval; null without both regimes. */
export function regimeDifference(
  sessions: readonly StudySession[],
  measures: readonly Measure[],
  b: BootstrapSettings,
): Partial<Record<Measure, { value: number; ci: [number, number] } | null>> {
  const out: Partial<Record<Measure, { value: number; ci: [number, number] } | null>> = {};
  for (const m of measures) {
    const neg = valuesOf(
      sessions.filter((s) => s.regime === 'negative'),
      m,
    );
    const pos = valuesOf(
      sessions.filter((s) => s.regime === 'positive'),
      m,
    );
    out[m] =
      neg.length > 0 && pos.length > 0
        ? differenceInterval(neg, pos, {
            resamples: b.resamples,
            random: b.random,
            level: b.level,
            block: blockLength(Math.min(neg.length, pos.length)),
          })
        : null;
  }
  return out;
}

export const QUANTILE_RULE =
  'sessions ranked by the snapshot’s net GEX (ties by asOf); quintiles when n ≥ 50, else terciles; the session of rank i (0-based) of n falls in group floor(i × q / n) + 1, group 1 the lowest net GEX';

/** The group number (1 … q) of each session by net GEX, and q. */
export function quantileGroups(sessions: readonly StudySession[]): { q: number; group: number[] } {
  const n = sessions.length;
  const q = n >= 50 ? 5 : 3;
  const order = sessions
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = sessions[a] as StudySession;
      const sb = sessions[b] as StudySession;
      return sa.netGex - sb.netGex || sa.asOf - sb.asOf;
    });
  const group = new Array<number>(n).fill(0);
  order.forEach((i, rank) => {
    group[i] = Math.floor((rank * q) / n) + 1;
  });
  return { q, group };
}
