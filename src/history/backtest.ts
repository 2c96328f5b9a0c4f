import { at } from '../core/at.js';
import type { SummaryPoint } from '../store/types.js';
import { bucketOf } from './bootstrap.js';
import { mulberry32 } from './random.js';
import { distanceGroups, type Engine, type Group, regimeDifference, regimeGroups } from './study/groups.js';

/**
 * The regime backtest: for each stored snapshot, its regime and distance to the nearest flip, and
 * what the underlying did over the next `horizonHours` (from the stored spots): realised vol
 * (annualised, from the log returns between consecutive snapshots) and the absolute return. It is
 * the study's case "prices = the stored snapshots' spots": the same grouping engine
 * (study/groups.ts), with windows of stored spots in place of next sessions of a price file.
 */
export interface BacktestOptions {
  readonly horizonHours: number;
  /** bootstrap resamples for the confidence intervals (default 2,000) */
  readonly resamples?: number;
  readonly seed?: number;
  /** confidence level (default 0.95) */
  readonly level?: number;
  /** a window counts only when the snapshots reach at least this share of the horizon (default 0.9) */
  readonly minCoverage?: number;
}

export interface Outcome {
  readonly venue: string;
  readonly underlying: string;
  readonly asOf: number;
  readonly regime: 'positive' | 'negative';
  readonly distanceToFlipPct: number | null;
  /** annualised, decimal */
  readonly realisedVol: number;
  /** |ln(S(t+h)/S(t))| in % */
  readonly absReturnPct: number;
}

export interface GroupRow {
  readonly group: string;
  readonly count: number;
  readonly meanVol: number;
  readonly volCi: readonly [number, number];
  readonly meanAbsReturnPct: number;
  readonly absReturnCi: readonly [number, number];
}

export interface BacktestResult {
  readonly horizonHours: number;
  readonly snapshots: number;
  readonly evaluated: number;
  readonly byRegime: GroupRow[];
  readonly byDistance: GroupRow[];
  /** mean realised vol after −GEX minus after +GEX, with its bootstrap interval; null without both */
  readonly negMinusPosVol: { readonly value: number; readonly ci: readonly [number, number] } | null;
  readonly conventions: Record<string, string>;
}

const HOUR = 3_600_000;
const YEAR_MS = 365 * 86_400_000;

export { bucketOf };

/** Realised outcomes over the horizon for every snapshot whose window the history covers. */
export function outcomes(points: readonly SummaryPoint[], options: BacktestOptions): Outcome[] {
  const h = options.horizonHours * HOUR;
  const coverage = options.minCoverage ?? 0.9;
  const series = new Map<string, SummaryPoint[]>();
  for (const p of points) {
    const key = `${p.venue}|${p.underlying}`;
    const s = series.get(key);
    if (s) s.push(p);
    else series.set(key, [p]);
  }
  const out: Outcome[] = [];
  for (const s of series.values()) {
    s.sort((a, b) => a.asOf - b.asOf);
    const n = s.length;
    // prefix sums of squared log returns make each window O(1)
    const sq = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      const r = Math.log(at(s, i).spot / at(s, i - 1).spot);
      sq[i] = at(sq, i - 1) + r * r;
    }
    let j = 0;
    for (const [i, p] of s.entries()) {
      if (j < i) j = i;
      while (j + 1 < n && at(s, j + 1).asOf <= p.asOf + h) j++;
      const end = at(s, j);
      const span = end.asOf - p.asOf;
      if (j - i < 2 || span < coverage * h) continue;
      out.push({
        venue: p.venue,
        underlying: p.underlying,
        asOf: p.asOf,
        regime: p.regime,
        distanceToFlipPct: p.distanceToFlipPct,
        realisedVol: Math.sqrt(((at(sq, j) - at(sq, i)) * YEAR_MS) / span),
        absReturnPct: Math.abs(Math.log(end.spot / p.spot)) * 100,
      });
    }
  }
  return out;
}

export function runBacktest(points: readonly SummaryPoint[], options: BacktestOptions): BacktestResult {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed ?? 1);
  const outs = outcomes(points, options);
  // one block spans one horizon of snapshots (median spacing)
  const gaps = points
    .slice(1)
    .map((p, i) => p.asOf - at(points, i).asOf)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const spacing = gaps[Math.floor(gaps.length / 2)] ?? HOUR;
  const block = Math.max(1, Math.round((options.horizonHours * HOUR) / spacing));
  // the study's grouping engine, over outcomes whose prices are the stored snapshots' own spots
  const engine: Engine<Outcome, 'realisedVol' | 'absReturnPct'> = {
    measures: ['realisedVol', 'absReturnPct'],
    valueOf: (o, m) => o[m],
    block: () => block,
    bootstrap: { resamples, level, random },
  };
  const row = (g: Group<'realisedVol' | 'absReturnPct'>): GroupRow => {
    const vol = g.measures.realisedVol;
    const ret = g.measures.absReturnPct;
    return {
      group: g.group,
      count: g.count,
      meanVol: vol?.mean ?? Number.NaN,
      volCi: vol?.ci ?? [Number.NaN, Number.NaN],
      meanAbsReturnPct: ret?.mean ?? Number.NaN,
      absReturnCi: ret?.ci ?? [Number.NaN, Number.NaN],
    };
  };
  const byRegime = regimeGroups(engine, outs).map(row);
  const byDistance = distanceGroups(engine, outs).map(row);
  const negMinusPosVol: BacktestResult['negMinusPosVol'] =
    regimeDifference(engine, outs, ['realisedVol']).realisedVol ?? null;
  return {
    horizonHours: options.horizonHours,
    snapshots: points.length,
    evaluated: outs.length,
    byRegime,
    byDistance,
    negMinusPosVol,
    conventions: {
      realisedVol: `annualised: sqrt(Σ r² × year / window), r = log returns between consecutive stored spots in the next ${options.horizonHours} h; a window counts when the snapshots cover at least ${(options.minCoverage ?? 0.9) * 100} % of it`,
      absReturn: `|ln(S(t + ${options.horizonHours} h) / S(t))| in %, S(t + h) the last stored spot within the horizon`,
      regime: 'sign of the stored net GEX at spot (classic positioning, all expiries)',
      distance: '|nearest flip − spot| / spot in %, at the snapshot',
      intervals: `${level * 100} % moving-block bootstrap of the mean (blocks of one horizon of snapshots, since overlapping windows are not independent), ${resamples} resamples, seed ${options.seed ?? 1}`,
      caveat: 'regime describes how the market behaves once it moves, not which way; not a trading signal',
    },
  };
}
