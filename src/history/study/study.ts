import type { ChainSnapshot } from '../../chain/types.js';
import type { DailyValue } from '../../sources/prices/dailyValues.js';
import { FIVE_MINUTE_RULE } from '../../sources/prices/fiveMinute.js';
import type { PriceBar, PriceSeries, PricesReceipt } from '../../sources/prices/types.js';
import type { SnapshotPins, SummaryPoint } from '../../store/types.js';
import { bootstrapMeans, interval, mean, median } from '../bootstrap.js';
import { mulberry32 } from '../random.js';
import { COMPARE_RULE, type Comparison, compareDaily } from './compare.js';
import {
  type BootstrapSettings,
  blockLength,
  distanceGroups,
  type Engine,
  type Group,
  groupOf,
  QUANTILE_RULE,
  quantileGroups,
  regimeDifference,
  regimeGroups,
} from './groups.js';
import { HAR_RULE, type HarControl, harControl } from './har.js';
import { MEASURE_RULES, MEASURES, type Measure } from './measures.js';
import { expiryPins, PINNING_RULE, type PinDistance, pinDistances } from './pinning.js';
import { type StudySession, studySessions } from './sessions.js';

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

export interface StudyOptions {
  /** bootstrap resamples (default 2,000) */
  readonly resamples?: number;
  readonly seed?: number;
  /** confidence level (default 0.95) */
  readonly level?: number;
  /** the stored pins by asOf (dated in the prices' zone), for pinning; without them or `chains` there is no pinning table */
  readonly pins?: ReadonlyMap<number, SnapshotPins>;
  /** instead of `pins`: the stored chains by asOf, their pins computed here */
  readonly chains?: ReadonlyMap<number, Pick<ChainSnapshot, 'options'>>;
  /** a published daily GEX series to compare with */
  readonly compare?: readonly DailyValue[];
}

/** A group row as printed and served: count, then n, mean, median and interval of each measure. */
export type StudyRow = { readonly group: string; readonly count: number } & Record<
  string,
  number | string | null | readonly [number, number]
>;

export type SessionOut = Omit<StudySession, 'barIndex'>;

export interface PinGroup {
  readonly count: number;
  readonly meanToLargestOiPct: number | null;
  readonly medianToLargestOiPct: number | null;
  readonly ciToLargestOiPct: readonly [number, number] | null;
  readonly meanToMaxPainPct: number | null;
  readonly medianToMaxPainPct: number | null;
  readonly ciToMaxPainPct: readonly [number, number] | null;
}

export interface StudyResult {
  readonly venue: string | null;
  readonly underlying: string | null;
  readonly snapshots: number;
  /** snapshots with a next session in the prices */
  readonly evaluated: number;
  /** distinct next sessions among them (several snapshots may share one) */
  readonly distinctNextSessions: number;
  readonly measures: readonly Measure[];
  readonly sessions: readonly SessionOut[];
  readonly byRegime: readonly (StudyRow & { readonly regime: 'positive' | 'negative' })[];
  readonly byNetGexQuantile: readonly (StudyRow & {
    readonly quantile: number;
    readonly of: number;
    readonly netGexFrom: number;
    readonly netGexTo: number;
  })[];
  readonly byDistance: readonly StudyRow[];
  /** −GEX minus +GEX mean of each measure, with its interval; null without both regimes */
  readonly negMinusPos: Readonly<Partial<Record<Measure, { value: number; ci: [number, number] } | null>>>;
  readonly har: HarControl;
  readonly pinning: {
    readonly expiryDays: PinGroup;
    readonly otherDays: PinGroup;
    readonly distances: readonly PinDistance[];
  } | null;
  readonly compare: Comparison | null;
  readonly excluded: {
    readonly noNextSession: number;
    readonly noPreviousClose: number;
    readonly harWindow: number;
    readonly pinningNoChain: number;
    readonly pinningNoExpiry: number;
    readonly compareNoSession: number;
  };
  readonly prices: PricesReceipt & { readonly first: string; readonly last: string };
  readonly conventions: Record<string, string>;
}

const capital = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

function flatRow(g: Group<Measure>, measures: readonly Measure[]): StudyRow {
  const row: Record<string, number | string | null | readonly [number, number]> = { group: g.group, count: g.count };
  for (const m of measures) {
    const s = g.measures[m];
    if (s === undefined) continue;
    const k = capital(m);
    row[`n${k}`] = s.n;
    row[`mean${k}`] = s.mean;
    row[`median${k}`] = s.median;
    row[`ci${k}`] = s.ci;
  }
  return row as StudyRow;
}

function pinGroup(ds: readonly PinDistance[], b: BootstrapSettings): PinGroup {
  const stats = (xs: Float64Array) =>
    xs.length === 0
      ? { mean: null, median: null, ci: null }
      : {
          mean: mean(xs),
          median: median(xs),
          ci: interval(bootstrapMeans(xs, b.resamples, b.random, blockLength(xs.length)), b.level),
        };
  const oi = stats(Float64Array.from(ds, (d) => d.toLargestOiPct));
  const pain = stats(Float64Array.from(ds, (d) => d.toMaxPainPct));
  return {
    count: ds.length,
    meanToLargestOiPct: oi.mean,
    medianToLargestOiPct: oi.median,
    ciToLargestOiPct: oi.ci,
    meanToMaxPainPct: pain.mean,
    medianToMaxPainPct: pain.median,
    ciToMaxPainPct: pain.ci,
  };
}

/**
 * The regime study: each stored snapshot against what the next session's prices did, grouped by
 * regime, net-GEX quantile and distance to the flip, with a HAR control, pinning and an optional
 * comparison with a published series. Pure: the caller reads the store and the files.
 */
export function runStudy(
  points: readonly SummaryPoint[],
  prices: PriceSeries,
  options: StudyOptions = {},
): StudyResult {
  const chainsOf = [...new Set(points.map((p) => `${p.venue} ${p.underlying}`))];
  if (chainsOf.length > 1)
    throw new RangeError(`the study reads one chain against one price series, not ${chainsOf.join(', ')}`);
  if (prices.bars.length === 0) throw new RangeError('the study needs at least one price bar');
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  const b: BootstrapSettings = { resamples, level, random: mulberry32(seed) };
  const measures: Measure[] = MEASURES.filter((m) => m !== 'fiveMinute' || prices.receipt.kind === 'intraday');

  const { sessions, noNextSession, sorted, next } = studySessions(points, prices);
  const engine: Engine<StudySession, Measure> = { measures, valueOf: measureOf, block: blockLength, bootstrap: b };
  const byRegime = regimeGroups(engine, sessions).map((g) => ({ ...flatRow(g, measures), regime: g.regime }));
  const { q, group } = quantileGroups(sessions);
  const byNetGexQuantile = Array.from({ length: q }, (_, k) => {
    const members = sessions.filter((_, i) => group[i] === k + 1);
    const gex = members.map((s) => s.netGex);
    const label = `${q === 5 ? 'quintile' : 'tercile'} ${k + 1}`;
    return {
      ...flatRow(groupOf(engine, label, members), measures),
      quantile: k + 1,
      of: q,
      netGexFrom: members.length ? Math.min(...gex) : 0,
      netGexTo: members.length ? Math.max(...gex) : 0,
    };
  }).filter((r) => r.count > 0);
  const byDistance = distanceGroups(engine, sessions).map((g) => flatRow(g, measures));
  const negMinusPos = regimeDifference(engine, sessions);
  const har = harControl(sessions, prices);

  let pinning: StudyResult['pinning'] = null;
  let pinningNoChain = 0;
  let pinningNoExpiry = 0;
  const zone = prices.receipt.timeZone;
  let stored = options.pins;
  if (stored === undefined && options.chains !== undefined) {
    const fromChains = new Map<number, SnapshotPins>();
    for (const s of sessions) {
      const chain = options.chains.get(s.asOf);
      if (chain !== undefined) fromChains.set(s.asOf, expiryPins({ options: chain.options, spot: s.spot }, zone));
    }
    stored = fromChains;
  }
  if (stored !== undefined) {
    const pins = pinDistances(sessions, stored, zone);
    pinningNoChain = pins.noChain;
    pinningNoExpiry = pins.noExpiry;
    pinning = {
      expiryDays: pinGroup(
        pins.distances.filter((d) => d.expiryDay),
        b,
      ),
      otherDays: pinGroup(
        pins.distances.filter((d) => !d.expiryDay),
        b,
      ),
      distances: pins.distances,
    };
  }

  // the daily series counts every snapshot, with or without a next session
  const daily = sorted.map((p, i) => {
    const j = next[i] as number;
    return { session: j > 0 ? (prices.bars[j - 1] as PriceBar).date : null, netGex: p.netGex };
  });
  const compare = options.compare === undefined ? null : compareDaily(daily, options.compare);

  const first = prices.bars[0] as PriceBar;
  const last = prices.bars.at(-1) as PriceBar;
  return {
    venue: points[0]?.venue ?? null,
    underlying: points[0]?.underlying ?? null,
    snapshots: points.length,
    evaluated: sessions.length,
    distinctNextSessions: new Set(sessions.map((s) => s.nextSession)).size,
    measures,
    sessions: sessions.map(({ barIndex: _, ...s }) => s),
    byRegime,
    byNetGexQuantile,
    byDistance,
    negMinusPos,
    har,
    pinning,
    compare,
    excluded: {
      noNextSession,
      noPreviousClose: sessions.filter((s) => s.rvCloseToClose === null).length,
      harWindow: har.excluded,
      pinningNoChain,
      pinningNoExpiry,
      compareNoSession: daily.filter((d) => d.session === null).length,
    },
    prices: { ...prices.receipt, first: first.date, last: last.date },
    conventions: {
      nextSession: `the first session in the prices whose open is after the snapshot’s asOf (an open equal to asOf is not after); ${prices.receipt.sessionRule}; several snapshots with the same next session are all kept, each a row`,
      vols: 'decimals (0.15 = 15 %), annualised with √252',
      closeToClose: `${MEASURE_RULES.closeToClose}; a session without a previous close is left out of this measure and counted`,
      parkinson: MEASURE_RULES.parkinson,
      garmanKlass: MEASURE_RULES.garmanKlass,
      ...(measures.includes('fiveMinute') ? { fiveMinute: FIVE_MINUTE_RULE } : {}),
      regime:
        'the stored summary’s: sign of net GEX at spot, classic positioning (dealers long calls, short puts), all expiries, flips within ±20 % of spot',
      distance: '|nearest flip − spot| / spot in %, at the snapshot (buckets as the backtest’s)',
      quantiles: QUANTILE_RULE,
      intervals: `${level * 100} % moving-block bootstrap of the mean (blocks of round(n^(1/3)) sessions in asOf order, since daily vols cluster), ${resamples} resamples, seed ${seed}; the −GEX minus +GEX interval pairs independent resamples of each regime`,
      har: HAR_RULE,
      pinning: PINNING_RULE,
      compare: COMPARE_RULE,
      units: 'asOf and nextSessionOpen epoch ms (UTC); net GEX USD per 1 % move; distances in % of spot',
    },
  };
}
