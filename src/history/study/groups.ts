import { at } from '../../core/at.js';
import { bootstrapMeans, bucketOf, DISTANCE_LABELS, differenceInterval, interval, mean, median } from '../bootstrap.js';

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

/** What the grouping engine reads of an outcome: the snapshot's regime and distance to the flip. */
export interface Outcome {
  readonly regime: 'positive' | 'negative';
  readonly distanceToFlipPct: number | null;
}

/**
 * The one grouping engine of the study and the backtest: which measures an outcome carries, how the
 * bootstrap blocks are sized, and the seeded resampling. The study's outcomes are next sessions in a
 * price file; the backtest's are windows over the stored snapshots' own spots.
 */
export interface Engine<O extends Outcome, M extends string> {
  readonly measures: readonly M[];
  /** the measure of one outcome, or null when it has none */
  readonly valueOf: (o: O, m: M) => number | null;
  /** bootstrap block length for a sample of n */
  readonly block: (n: number) => number;
  readonly bootstrap: BootstrapSettings;
}

export interface Group<M extends string> {
  readonly group: string;
  readonly count: number;
  readonly measures: Readonly<Partial<Record<M, MeasureSummary>>>;
}

/** The measure's values of the outcomes (in their order) that have it. */
export function valuesOf<O extends Outcome, M extends string>(
  engine: Engine<O, M>,
  outcomes: readonly O[],
  m: M,
): Float64Array {
  const out: number[] = [];
  for (const o of outcomes) {
    const v = engine.valueOf(o, m);
    if (v !== null) out.push(v);
  }
  return Float64Array.from(out);
}

/** Block length of the study's bootstrap: the cube root of the sample, rounded (at least 1). */
export const blockLength = (n: number) => Math.max(1, Math.round(Math.cbrt(n)));

export function summarise(xs: Float64Array, b: BootstrapSettings, block: number): MeasureSummary {
  if (xs.length === 0) return { n: 0, mean: null, median: null, ci: null };
  const means = bootstrapMeans(xs, b.resamples, b.random, block);
  return { n: xs.length, mean: mean(xs), median: median(xs), ci: interval(means, b.level) };
}

/** One group: count, and for each measure in order its summary (resampled in that order). */
export function groupOf<O extends Outcome, M extends string>(
  engine: Engine<O, M>,
  label: string,
  members: readonly O[],
): Group<M> {
  const out: Partial<Record<M, MeasureSummary>> = {};
  for (const m of engine.measures) {
    const xs = valuesOf(engine, members, m);
    out[m] = summarise(xs, engine.bootstrap, engine.block(xs.length));
  }
  return { group: label, count: members.length, measures: out };
}

/** +GEX then −GEX. */
export function regimeGroups<O extends Outcome, M extends string>(engine: Engine<O, M>, outcomes: readonly O[]) {
  return (['positive', 'negative'] as const).map((regime) => ({
    ...groupOf(
      engine,
      regime === 'positive' ? '+GEX' : '−GEX',
      outcomes.filter((o) => o.regime === regime),
    ),
    regime,
  }));
}

/** The distance buckets that hold an outcome, nearest first, `no flip` last. */
export function distanceGroups<O extends Outcome, M extends string>(
  engine: Engine<O, M>,
  outcomes: readonly O[],
): Group<M>[] {
  return DISTANCE_LABELS.map((label) =>
    groupOf(
      engine,
      label,
      outcomes.filter((o) => bucketOf(o.distanceToFlipPct) === label),
    ),
  ).filter((g) => g.count > 0);
}

/** Mean of −GEX minus mean of +GEX for each of `measures`, with its interval; null without both regimes. */
export function regimeDifference<O extends Outcome, M extends string>(
  engine: Engine<O, M>,
  outcomes: readonly O[],
  measures: readonly M[] = engine.measures,
): Partial<Record<M, { value: number; ci: [number, number] } | null>> {
  const out: Partial<Record<M, { value: number; ci: [number, number] } | null>> = {};
  const negatives = outcomes.filter((o) => o.regime === 'negative');
  const positives = outcomes.filter((o) => o.regime === 'positive');
  for (const m of measures) {
    const neg = valuesOf(engine, negatives, m);
    const pos = valuesOf(engine, positives, m);
    const b = engine.bootstrap;
    out[m] =
      neg.length > 0 && pos.length > 0
        ? differenceInterval(neg, pos, {
            resamples: b.resamples,
            random: b.random,
            level: b.level,
            block: engine.block(Math.min(neg.length, pos.length)),
          })
        : null;
  }
  return out;
}

export const QUANTILE_RULE =
  'sessions ranked by the snapshot’s net GEX (ties by asOf); quintiles when n ≥ 50, else terciles; the session of rank i (0-based) of n falls in group floor(i × q / n) + 1, group 1 the lowest net GEX';

/** The group number (1 … q) of each session by net GEX, and q. */
export function quantileGroups(sessions: readonly { readonly netGex: number; readonly asOf: number }[]): {
  q: number;
  group: number[];
} {
  const n = sessions.length;
  const q = n >= 50 ? 5 : 3;
  const order = sessions
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = at(sessions, a);
      const sb = at(sessions, b);
      return sa.netGex - sb.netGex || sa.asOf - sb.asOf;
    });
  const group = new Array<number>(n).fill(0);
  order.forEach((i, rank) => {
    group[i] = Math.floor((rank * q) / n) + 1;
  });
  return { q, group };
}
