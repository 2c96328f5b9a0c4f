import type { z } from 'zod';
import type { GexReport } from '../analytics/gexReport.js';
import { PLAYBOOK_CAVEAT } from '../analytics/playbook/types.js';
import { describeView } from '../analytics/views.js';
import type { MoveOutcome } from '../analytics/whatIfMove.js';
import type { ServedReport } from '../server/reportCache.js';
import type { ChainSource } from '../server/sources.js';
import type {
  headlineShape,
  levelsOutput,
  mapOutput,
  moveOutput,
  profileOutput,
  regimeOutput,
  sourcesOutput,
} from './schemas.js';

/** The framing every tool repeats: what the numbers are and what they are not. */
export const CAVEAT =
  'Mechanics of dealer hedging under a positioning assumption (who holds the options is assumed, not observed): how moves tend to be damped or amplified once they happen, not which way price goes. Not a trading signal.';

type Headline = z.infer<z.ZodObject<typeof headlineShape>>;

const USD_PER_PCT = 'USD of dealer delta change per 1 % move in the underlying; + = dealers long gamma';
const PRICE = 'USD (the underlying’s quote), like spot';
const DISTANCE = 'percent of spot, + above spot';

const MAP_UNITS = {
  netGex: USD_PER_PCT,
  callGex: USD_PER_PCT,
  putGex: USD_PER_PCT,
  spot: PRICE,
  gammaFlips: `${PRICE}: spots where net GEX changes sign`,
  callWall: PRICE,
  putWall: PRICE,
  absGammaStrike: PRICE,
  distanceToFlipPct: DISTANCE,
  'maxPain.strike': PRICE,
  'maxPain.payoutUsd': 'USD paid to holders at that settlement',
};

/** The report's conventions of these names, those it states. */
function conventionsOf(report: GexReport, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const text = report.conventions[n];
    if (text !== undefined) out[n] = text;
  }
  return out;
}

const MAP_CONVENTIONS = [
  'gex',
  'model',
  'spot',
  'vol',
  'forwards',
  'positioning',
  'weight',
  'expiries',
  'gammaFlip',
  'walls',
  'maxPain',
  'settlement',
  'forwardSource',
] as const;

function meta(sourceId: string, r: GexReport) {
  return {
    source: sourceId,
    asOf: r.asOf,
    venue: r.venue,
    underlying: r.underlying,
    positioning: r.positioning,
    view: describeView(r.view),
  };
}

export function headlineOf(r: GexReport): Headline {
  return {
    spot: r.spot,
    regime: r.regime,
    regimeMeaning: r.regimeMeaning,
    netGex: r.netGex,
    callGex: r.callGex,
    putGex: r.putGex,
    gammaFlips: r.gammaFlips,
    nearestFlip: r.nearestFlip,
    distanceToFlipPct: r.distanceToFlipPct,
    flipsCertified: r.flipSearch.certified,
    callWall: r.callWall,
    putWall: r.putWall,
    absGammaStrike: r.absGammaStrike,
  };
}

export function sourcesAnswer(sources: readonly ChainSource[]): z.infer<typeof sourcesOutput> {
  return {
    sources: sources.map((s) => {
      const status = s.status();
      const snap = s.current()?.snapshot;
      return {
        id: s.id,
        label: s.label,
        kind: s.kind,
        state: status.state,
        reason: status.reason ?? null,
        asOf: snap ? new Date(snap.asOf).toISOString() : null,
        underlying: snap?.underlying ?? null,
        spot: snap?.spot ?? null,
      };
    }),
    caveat: CAVEAT,
  };
}

export function mapAnswer(sourceId: string, r: ServedReport): z.infer<typeof mapOutput> {
  return {
    ...meta(sourceId, r),
    ...headlineOf(r),
    maxPain: r.maxPain.map((m) => ({ expiry: m.expiry, strike: m.strike, payoutUsd: m.payout })),
    units: MAP_UNITS,
    conventions: conventionsOf(r, MAP_CONVENTIONS),
    caveat: CAVEAT,
  };
}

export function levelsAnswer(sourceId: string, r: ServedReport): z.infer<typeof levelsOutput> {
  return {
    ...meta(sourceId, r),
    spot: r.spot,
    levels: r.keyLevels.map((l) => ({
      kind: l.kind,
      price: l.price,
      distancePct: l.distancePct,
      label: l.label,
      expiry: l.expiry ?? null,
      value: l.value ?? null,
    })),
    units: {
      price: PRICE,
      distancePct: DISTANCE,
      value: 'what stands behind the level, in the unit the keyLevels convention names for its kind',
    },
    conventions: conventionsOf(r, ['keyLevels', 'gex', 'gammaFlip', 'walls', 'maxPain', 'oiClusters', 'positioning']),
    caveat: CAVEAT,
  };
}

/** `points` of the report's profile scan, evenly by index, both ends kept. */
export function profileAnswer(sourceId: string, r: ServedReport, points: number): z.infer<typeof profileOutput> {
  const { spots, netGex } = r.profile;
  const n = spots.length;
  const take = Math.min(points, n);
  const profile: { spot: number; netGex: number }[] = [];
  for (let j = 0; j < take; j++) {
    const i = take === 1 ? 0 : Math.round((j * (n - 1)) / (take - 1));
    profile.push({ spot: spots[i] ?? Number.NaN, netGex: netGex[i] ?? Number.NaN });
  }
  return {
    ...meta(sourceId, r),
    spot: r.spot,
    range: r.range,
    gammaFlips: r.gammaFlips,
    flipsCertified: r.flipSearch.certified,
    profile,
    units: {
      'profile.spot': `${PRICE}: a hypothetical spot, log-spaced over the range`,
      'profile.netGex': `${USD_PER_PCT}, with every option re-priced at that spot`,
      range: PRICE,
      gammaFlips: PRICE,
    },
    conventions: conventionsOf(r, ['gex', 'gammaFlip', 'vol', 'forwards', 'model', 'positioning']),
    caveat: CAVEAT,
  };
}

export function moveAnswer(sourceId: string, before: ServedReport, m: MoveOutcome): z.infer<typeof moveOutput> {
  return {
    ...meta(sourceId, before),
    movePct: m.movePct,
    spotBefore: m.spotBefore,
    spotAfter: m.spotAfter,
    hedgeFlowUsd: m.hedgeFlowUsd,
    linearUsd: m.linearUsd,
    dealerDeltaUsd: m.dealerDeltaUsd,
    before: headlineOf(before),
    after: headlineOf(m.after),
    units: {
      movePct: 'percent of spot',
      hedgeFlowUsd: 'USD of the underlying dealers must buy (+) or sell (−) to stay delta-neutral after the move',
      linearUsd: 'USD, the linear gamma approximation −net GEX × move in %',
      dealerDeltaUsd: 'USD of underlying dealers hold through their options before the move, + long',
      'before/after.netGex': USD_PER_PCT,
      'before/after prices': PRICE,
    },
    conventions: {
      hedgeFlow: m.hedgeFlowRule,
      ...conventionsOf(before, ['delta', 'gex', 'vol', 'forwards', 'positioning']),
      after:
        'the map rebuilt at the moved spot: every forward moves with spot, vols and times held (sticky strike), positions unchanged',
    },
    caveat: CAVEAT,
  };
}

export function regimeAnswer(sourceId: string, r: ServedReport, lookback: string | null): z.infer<typeof regimeOutput> {
  return {
    ...meta(sourceId, r),
    ...headlineOf(r),
    lookback,
    rules: r.playbook.rules.map((rule) => ({
      rule: rule.rule,
      status: rule.status,
      meaning: rule.meaning,
      inputs: rule.inputs,
      thresholds: rule.thresholds,
      conditions: rule.conditions,
      levels: rule.levels,
    })),
    units: {
      netGex: USD_PER_PCT,
      'inputs.*Pct, thresholds.*Pct': 'percent',
      'inputs.*Oi': 'contracts (open interest)',
      'inputs.*Share, thresholds.*Share*': 'fraction, 0 to 1',
      levels: PRICE,
    },
    conventions: conventionsOf(r, ['playbook', 'gex', 'positioning', 'oiClusters']),
    caveat: `${CAVEAT} ${PLAYBOOK_CAVEAT}.`,
  };
}
