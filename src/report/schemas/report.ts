import { z } from 'zod';
import type { FlowComparison } from '../../analytics/flowComparison.js';
import type { FullReport } from '../../analytics/fullReport.js';
import type { VenueBreakdown } from '../../analytics/venues.js';
import { named } from './registry.js';

// The JSON report (`gexmap report --json`, GET /api/sources/{id}/report), field by field. Objects are strict:
// a field the report gains or loses without its schema is a failed check, not a silent drift.

const usdPer1Pct = (what: string) => z.number().describe(`${what}, USD of dealer delta change per 1 % move`);
const price = (what: string) => z.number().describe(`${what}, USD`);
const nullablePrice = (what: string) => z.number().nullable().describe(`${what}, USD; null when there is none`);
const isoInstant = (what: string) => z.string().describe(`${what}, ISO 8601 instant (UTC)`);
const days = z.number().describe('calendar days to expiry (fractional)');
const contracts = (what: string) => z.number().describe(`${what}, contracts`);

const regime = z
  .enum(['positive', 'negative'])
  .describe('positive: dealers long gamma (fade moves); negative: short (chase)');

export const expiryViewSchema = named(
  'ExpiryView',
  z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('all') }),
      z.strictObject({ kind: z.literal('next') }),
      z.strictObject({ kind: z.literal('ex-next') }),
      z.strictObject({ kind: z.literal('within-days'), days: z.number().describe('calendar days') }),
    ])
    .describe('which expiries the report covers'),
);

export const flipSearchSchema = named(
  'FlipSearch',
  z.strictObject({
    certified: z.boolean().describe('whether gammaFlips is shown to hold every sign change in the range'),
    cells: z.number().describe('cells of the scan'),
    splitCells: z.number().describe('cells split to exclude a pair of roots'),
    touches: z.array(z.number()).describe('spots where net GEX touches zero without changing sign, USD'),
    reason: z.string().exactOptional().describe('why the search is not certified'),
  }),
);

const maxPainSchema = z.strictObject({
  expiry: isoInstant('expiry'),
  strike: price('max-pain strike'),
  payout: z.number().describe('intrinsic value paid to holders at that settlement, USD'),
});

const oiClusterSchema = z.strictObject({
  strike: price('strike'),
  totalOi: contracts('call + put open interest'),
  callOi: contracts('call open interest'),
  putOi: contracts('put open interest'),
  zScore: z.number().describe("the strike's total OI in standard deviations above the mean in range"),
  side: z.enum(['call', 'put', 'mixed']),
});

export const strikeRowSchema = named(
  'StrikeRow',
  z.strictObject({
    strike: price('strike'),
    callGex: usdPer1Pct('call GEX'),
    putGex: usdPer1Pct('put GEX'),
    netGex: usdPer1Pct('net GEX'),
    callOi: contracts('call open interest'),
    putOi: contracts('put open interest'),
  }),
);

const expiryRowSchema = z.strictObject({
  expiry: isoInstant('expiry'),
  daysToExpiry: days,
  callGex: usdPer1Pct('call GEX'),
  putGex: usdPer1Pct('put GEX'),
  netGex: usdPer1Pct('net GEX'),
  callOi: contracts('call open interest'),
  putOi: contracts('put open interest'),
  options: z.number().describe('options of the expiry in view'),
});

export const keyLevelSchema = named(
  'KeyLevel',
  z.strictObject({
    kind: z.enum(['gamma-flip', 'call-wall', 'put-wall', 'abs-gamma', 'max-pain', 'oi-cluster', 'expected-move']),
    price: price('the level'),
    distancePct: z.number().describe('100 × (price / spot − 1), percent'),
    label: z.string(),
    expiry: isoInstant('the expiry of a one-expiry level').exactOptional(),
    value: z.number().exactOptional().describe('what stands behind the level, in the unit conventions.keyLevels names'),
  }),
);

const strikeValueSchema = z.strictObject({ strike: price('strike'), value: z.number() });

const dexSchema = z.strictObject({
  netUsd: z.number().describe('dealer delta, USD of underlying held (+ long)'),
  byStrike: z.array(
    z.strictObject({
      strike: price('strike'),
      callDex: z.number().describe('USD'),
      putDex: z.number().describe('USD'),
      netDex: z.number().describe('USD'),
    }),
  ),
});

const strikeExpiryGridSchema = z.strictObject({
  strikes: z.array(z.number()).describe('USD, ascending'),
  expiries: z.array(z.string()).describe('ISO instants'),
  netGex: z.array(z.array(z.number())).describe('[strike][expiry], USD per 1 % move'),
});

const hedgeFlowSchema = z.strictObject({
  movesPct: z.array(z.number()).describe('spot moves, percent'),
  spots: z.array(z.number()).describe('the spot after each move, USD'),
  flowUsd: z
    .array(z.number())
    .describe('dealer hedge flow for each move, USD to buy (+) or sell (−), re-priced exactly'),
  linearUsd: z.array(z.number()).describe('the linear gamma approximation of the same, USD'),
  differenceUsd: z.array(z.number()).describe('flowUsd − linearUsd, USD'),
  dealerDelta: z.number().describe('dealer delta now, units of the underlying'),
  dealerDeltaUsd: z.number().describe('dealer delta now, USD'),
  netGex: usdPer1Pct('net GEX at spot'),
  byExpiry: z.array(
    z.strictObject({ expiry: isoInstant('expiry'), daysToExpiry: days, flowUsd: z.array(z.number()).describe('USD') }),
  ),
});

const vannaSchema = z.strictObject({
  perVolPointUsd: z.number().describe('dealer delta change per +1 vol point, USD'),
  hedgeFlowUsd: z.number().describe('the hedge that change forces, USD to buy (+) or sell (−)'),
  byExpiry: z.array(z.strictObject({ expiry: isoInstant('expiry'), daysToExpiry: days, perVolPointUsd: z.number() })),
  byStrike: z.array(strikeValueSchema),
});

const charmSchema = z.strictObject({
  perDayUsd: z.number().describe('dealer delta change per day of time passing, USD'),
  perDayHedgeFlowUsd: z.number().describe('the hedge that change forces per day, USD'),
  withinDay: z.strictObject({
    expiries: z.array(z.string()),
    options: z.number(),
    perHourUsd: z.number(),
    perHourHedgeFlowUsd: z.number(),
  }),
  byExpiry: z.array(
    z.strictObject({ expiry: isoInstant('expiry'), daysToExpiry: days, perDayUsd: z.number(), perHourUsd: z.number() }),
  ),
  byStrike: z.array(strikeValueSchema),
});

const walls = {
  callWall: nullablePrice('call wall'),
  putWall: nullablePrice('put wall'),
  absGammaStrike: nullablePrice('absolute-gamma strike'),
};

const flipFields = {
  gammaFlips: z.array(z.number()).describe('spots where net GEX changes sign, USD, ascending'),
  nearestFlip: nullablePrice('the flip nearest spot'),
  distanceToFlipPct: z.number().nullable().describe('(nearest flip − spot) / spot, percent'),
};

const rollOffMapSchema = z.strictObject({
  options: z.number(),
  expiries: z.number(),
  netGex: usdPer1Pct('net GEX'),
  regime: regime.nullable(),
  ...flipFields,
  ...walls,
});

const rollOffSchema = z.strictObject({
  expiry: isoInstant('the next expiry'),
  hoursToExpiry: z.number(),
  options: z.number().describe('options expiring'),
  before: rollOffMapSchema,
  after: rollOffMapSchema,
  netGexChange: usdPer1Pct('net GEX after − before'),
  expiringDealerDelta: z.number().describe('units of the underlying'),
  expiringDealerDeltaUsd: z.number().describe('USD'),
  unwindFlowUsd: z.number().describe('USD to buy (+) or sell (−) as the expiring hedges unwind'),
});

const smilePointSchema = z.strictObject({
  strike: price('strike'),
  type: z.enum(['C', 'P']),
  logMoneyness: z.number().describe('ln(K / F)'),
  delta: z.number().describe('Black-76 forward delta'),
  iv: z.number().describe('implied vol, decimal'),
  openInterest: contracts('open interest'),
});

const ivOrNull = (what: string) => z.number().nullable().describe(`${what}, decimal; null when not enough data`);

const skewSchema = z.strictObject({
  expiries: z.array(
    z.strictObject({
      expiry: isoInstant('expiry'),
      daysToExpiry: days,
      forward: price('forward'),
      atmIv: ivOrNull('ATM implied vol'),
      call25Iv: ivOrNull('25-delta call vol'),
      put25Iv: ivOrNull('25-delta put vol'),
      rr25: ivOrNull('25-delta risk reversal'),
      bf25: ivOrNull('25-delta butterfly'),
      reasons: z.array(z.string()).describe('why a null is null'),
      smile: z.array(smilePointSchema),
    }),
  ),
  termStructure: z.array(
    z.strictObject({ expiry: isoInstant('expiry'), daysToExpiry: days, atmIv: ivOrNull('ATM vol') }),
  ),
});

const pinStrikeSchema = z.strictObject({
  strike: price('strike'),
  callOi: contracts('call OI'),
  putOi: contracts('put OI'),
  totalOi: contracts('call + put OI'),
  distancePct: z.number().describe('percent from spot'),
});

const pinRangeSchema = z.strictObject({
  putStrike: nullablePrice('put side of the pin range'),
  putOi: z.number().nullable(),
  callStrike: nullablePrice('call side of the pin range'),
  callOi: z.number().nullable(),
  widthPct: z.number().nullable().describe('percent of spot'),
});

const pinsSchema = z.strictObject({
  days: z.number().describe('expiries within this many days'),
  band: z.strictObject({
    lo: price('band low'),
    hi: price('band high'),
    pct: z.number().describe('± percent of spot'),
  }),
  expiries: z.array(
    z.strictObject({
      expiry: isoInstant('expiry'),
      daysToExpiry: days,
      maxPain: z.strictObject({ strike: price('strike'), payout: z.number() }).nullable(),
      topStrikes: z.array(pinStrikeSchema),
      pinRange: pinRangeSchema,
    }),
  ),
  combined: z.strictObject({ topStrikes: z.array(pinStrikeSchema), pinRange: pinRangeSchema }),
});

const playbookSchema = z.strictObject({
  rules: z.array(
    z.strictObject({
      rule: z.enum(['squeeze-risk', 'range-backdrop', 'selloff-acceleration']),
      status: z.enum(['fired', 'not-fired', 'not-enough-data']),
      inputs: z.record(z.string(), z.number().nullable()).describe('the numbers that decided it; null = not available'),
      thresholds: z.record(z.string(), z.number()),
      conditions: z.array(z.strictObject({ name: z.string(), met: z.boolean().nullable() })),
      levels: z.array(z.number()).describe('strikes the rule points at, USD, nearest spot first'),
      meaning: z.string(),
    }),
  ),
  lookback: z.string().nullable().describe('the period spotChange covers, as given'),
  caveat: z.string(),
});

const surfaceSchema = z.strictObject({
  spots: z.array(z.number()).describe('USD, log-spaced over the range'),
  days: z.array(z.number()).describe('calendar days from asOf'),
  netGex: z.array(z.array(z.number())).describe('[day][spot], USD per 1 % move'),
  units: z.string(),
});

export const venueBreakdownSchema = named(
  'VenueBreakdown',
  z.strictObject({
    rule: z.string(),
    netGex: usdPer1Pct('net GEX of all venues'),
    venues: z.array(
      z.strictObject({
        venue: z.string(),
        options: z.number(),
        netGex: usdPer1Pct('net GEX'),
        callGex: usdPer1Pct('call GEX'),
        putGex: usdPer1Pct('put GEX'),
        shareOfNet: z.number().nullable().describe('fraction of the net GEX'),
        shareOfGross: z.number().nullable().describe('fraction of the gross GEX'),
        callWall: nullablePrice('call wall'),
        putWall: nullablePrice('put wall'),
        byStrike: z.array(strikeRowSchema),
      }),
    ),
  }),
);

const positioningSummarySchema = z.strictObject({
  netGex: usdPer1Pct('net GEX'),
  regime,
  nearestFlip: flipFields.nearestFlip,
  distanceToFlipPct: flipFields.distanceToFlipPct,
  ...walls,
});

export const flowComparisonSchema = named(
  'FlowComparison',
  z
    .strictObject({
      coverage: z.strictObject({
        openInterest: contracts('open interest over the chain'),
        explained: contracts('open interest the tape accounts for'),
        share: z.number().describe('explained / open interest, 0 to 1'),
        options: z.number(),
        traded: z.number().describe('options with a trade on the tape'),
        capped: z.number().describe('options whose net customer flow was bounded by their open interest'),
        trades: z.number(),
        blockTrades: z.number(),
        firstTrade: z.number().nullable().describe('epoch ms'),
        lastTrade: z.number().nullable().describe('epoch ms'),
        tradesOutsideChain: z.number(),
      }),
      classic: positioningSummarySchema,
      flow: positioningSummarySchema,
    })
    .describe('positioning=flow: the classic and the flow map side by side, and how much of the OI the tape explains'),
);

/**
 * The full report; `venues` only when the snapshot spans several venues, `surface` only when asked for,
 * `flowComparison` only with positioning=flow.
 */
export const reportSchema = named(
  'Report',
  z.strictObject({
    asOf: isoInstant('the snapshot instant'),
    venue: z.string(),
    underlying: z.string(),
    source: z.string().describe('where the chain came from'),
    spot: price('spot (the underlying index)'),
    conventions: z.record(z.string(), z.string()).describe('every convention behind the numbers, in words'),
    positioning: z.enum(['classic', 'customer-long', 'flow', 'positions']),
    view: expiryViewSchema,
    range: z.strictObject({ lo: price('profile range low'), hi: price('profile range high') }),
    netGex: usdPer1Pct('net GEX at spot (+ dealers long gamma)'),
    callGex: usdPer1Pct('call GEX'),
    putGex: usdPer1Pct('put GEX'),
    ...flipFields,
    flipSearch: flipSearchSchema,
    regime,
    regimeMeaning: z.string(),
    ...walls,
    maxPain: z.array(maxPainSchema),
    oiClusters: z.array(oiClusterSchema),
    byStrike: z.array(strikeRowSchema),
    byExpiry: z.array(expiryRowSchema),
    profile: z.strictObject({
      spots: z.array(z.number()).describe('USD'),
      netGex: z.array(z.number()).describe('net GEX at each spot, USD per 1 % move'),
    }),
    counts: z.strictObject({
      options: z.number().describe('options in view'),
      expiries: z.number(),
      unpositioned: z.number().describe('options the positioning model holds no position for'),
    }),
    dropped: z.record(z.string(), z.number()).describe('rows dropped when the chain was read, by reason'),
    keyLevels: z.array(keyLevelSchema).describe('every level that matters, sorted by price'),
    dex: dexSchema,
    byStrikeExpiry: strikeExpiryGridSchema,
    hedgeFlow: hedgeFlowSchema,
    vanna: vannaSchema,
    charm: charmSchema,
    rollOff: rollOffSchema.nullable(),
    skew: skewSchema,
    pins: pinsSchema,
    playbook: playbookSchema,
    surface: surfaceSchema.exactOptional().describe('with surfaceDays only'),
    venues: venueBreakdownSchema.exactOptional().describe('a snapshot of several venues: the share of each'),
    flowComparison: flowComparisonSchema.exactOptional(),
  }),
);

export type ReportAnswer = z.infer<typeof reportSchema>;

// The schema describes the report type the code builds: a field added to one and not the other fails to compile.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
export const reportSchemaMatchesType: Exact<
  Mutable<FullReport & { venues?: VenueBreakdown; flowComparison?: FlowComparison }>,
  Mutable<ReportAnswer>
> = true;
