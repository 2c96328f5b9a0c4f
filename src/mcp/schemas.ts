import { z } from 'zod';
import { GEX_WEIGHTS } from '../analytics/weight.js';

// The tools' inputs and structured results. Inputs are checked twice over: the SDK checks the shapes
// below, and the report options go through the API's own query schema, so the two cannot read a
// percentage differently.

/** A percentage as the CLI writes it: 20, "20" or "20%". */
const percentInput = z.union([z.number(), z.string()]);

export const sourceInput = {
  source: z
    .string()
    .optional()
    .describe('source id from list_sources; may be left out when exactly one source is served'),
};

/** The report options every map tool takes, named and in the units of the CLI and the HTTP API. */
export const mapInput = {
  ...sourceInput,
  view: z.string().optional().describe('expiries in view: all (default), next, ex-next, or <N>d (within N days)'),
  positioning: z
    .enum(['classic', 'customer-long'])
    .optional()
    .describe(
      'dealer positioning assumption: classic (dealers long calls, short puts; default) or customer-long (dealers short all OI)',
    ),
  range: percentInput.optional().describe('profile and flip-search half-width around spot, percent (default 20)'),
  weight: z.enum(GEX_WEIGHTS).optional().describe('size positions by open interest (oi, default) or traded volume'),
};

export const profileInput = {
  ...mapInput,
  points: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .optional()
    .describe('profile points returned, evenly picked from the 1000-point scan, ends included (default 41)'),
};

export const moveInput = {
  ...mapInput,
  move: percentInput.describe('hypothetical spot move, percent of spot: -5, "3" or "3%" (-99 to 99, not 0)'),
};

export const regimeInput = {
  ...mapInput,
  spotChange: percentInput
    .optional()
    .describe('price change over the lookback, percent (-3 or "-3%"); the squeeze and sell-off rules need it'),
  lookback: z.string().max(80).optional().describe('the period spotChange covers, in words (e.g. "24h")'),
};

const texts = z.record(z.string(), z.string());
const price = z.number().nullable();

/** The headline of one map: the numbers a reader asks first. */
export const headlineShape = {
  spot: z.number(),
  regime: z.enum(['positive', 'negative']),
  regimeMeaning: z.string(),
  netGex: z.number(),
  callGex: z.number(),
  putGex: z.number(),
  gammaFlips: z.array(z.number()),
  nearestFlip: price,
  distanceToFlipPct: z.number().nullable(),
  flipsCertified: z.boolean(),
  callWall: price,
  putWall: price,
  absGammaStrike: price,
};

const mapMeta = {
  source: z.string(),
  asOf: z.string(),
  venue: z.string(),
  underlying: z.string(),
  positioning: z.string(),
  view: z.string(),
};

/** What every result carries: the units of its numbers, the conventions behind them, and the framing. */
const stated = { units: texts, conventions: texts, caveat: z.string() };

export const sourcesOutput = z.object({
  sources: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(['live', 'recorded']),
      state: z.enum(['ok', 'stale', 'down']),
      reason: z.string().nullable(),
      asOf: z.string().nullable(),
      underlying: z.string().nullable(),
      spot: z.number().nullable(),
    }),
  ),
  caveat: z.string(),
});

export const mapOutput = z.object({
  ...mapMeta,
  ...headlineShape,
  maxPain: z.array(z.object({ expiry: z.string(), strike: z.number(), payoutUsd: z.number() })),
  ...stated,
});

export const levelsOutput = z.object({
  ...mapMeta,
  spot: z.number(),
  levels: z.array(
    z.object({
      kind: z.string(),
      price: z.number(),
      distancePct: z.number(),
      label: z.string(),
      expiry: z.string().nullable(),
      value: z.number().nullable(),
    }),
  ),
  ...stated,
});

export const profileOutput = z.object({
  ...mapMeta,
  spot: z.number(),
  range: z.object({ lo: z.number(), hi: z.number() }),
  gammaFlips: z.array(z.number()),
  flipsCertified: z.boolean(),
  profile: z.array(z.object({ spot: z.number(), netGex: z.number() })),
  ...stated,
});

export const moveOutput = z.object({
  ...mapMeta,
  movePct: z.number(),
  spotBefore: z.number(),
  spotAfter: z.number(),
  hedgeFlowUsd: z.number(),
  linearUsd: z.number(),
  dealerDeltaUsd: z.number(),
  before: z.object(headlineShape),
  after: z.object(headlineShape),
  ...stated,
});

export const regimeOutput = z.object({
  ...mapMeta,
  ...headlineShape,
  lookback: z.string().nullable(),
  rules: z.array(
    z.object({
      rule: z.string(),
      status: z.enum(['fired', 'not-fired', 'not-enough-data']),
      meaning: z.string(),
      inputs: z.record(z.string(), z.number().nullable()),
      thresholds: z.record(z.string(), z.number()),
      conditions: z.array(z.object({ name: z.string(), met: z.boolean().nullable() })),
      levels: z.array(z.number()),
    }),
  ),
  ...stated,
});
