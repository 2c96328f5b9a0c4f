import { z } from 'zod';
import type { StudyResult } from '../../history/study/study.js';
import type { SnapshotMeta, SummaryPoint } from '../../store/types.js';
import type { levelsDocument } from '../levelsText.js';
import { named } from './registry.js';
import { keyLevelSchema } from './report.js';

// The answers of the API beside the report: levels, sources, history, study and errors.

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** GET /api/sources/{id}/levels?format=json, and `gexmap levels --format json`. */
export const levelsSchema = named(
  'Levels',
  z.strictObject({
    asOf: z.string().describe('the snapshot instant, ISO 8601'),
    venue: z.string(),
    underlying: z.string(),
    source: z.string(),
    spot: z.number().describe('USD'),
    positioning: z.enum(['classic', 'customer-long', 'flow', 'positions']),
    conventions: z.record(z.string(), z.string()),
    keyLevels: z.array(keyLevelSchema).describe('sorted by price'),
  }),
);
export const levelsSchemaMatchesType: Exact<
  Mutable<ReturnType<typeof levelsDocument>>,
  Mutable<z.infer<typeof levelsSchema>>
> = true;

/** One entry of GET /api/sources: a source and how fresh its data is. */
export const sourceStatusSchema = named(
  'SourceStatus',
  z.strictObject({
    id: z.string().describe('the {id} of the source endpoints'),
    label: z.string(),
    state: z.enum(['ok', 'stale', 'down']),
    reason: z.string().exactOptional().describe('why stale or down; on an ok source, what it lacks'),
    lastGoodAgeSeconds: z.number().nullable().describe('seconds since good data last arrived'),
    asOf: z.string().nullable().describe('the instant of the snapshot held, ISO 8601'),
    kind: z.enum(['live', 'recorded']),
    staleAfterSeconds: z.number().nullable().describe('live: data older than this is stale; null when recorded'),
    fresh: z.boolean().describe('live, ok, and the last good data younger than staleAfterSeconds'),
    positionings: z
      .array(z.enum(['classic', 'customer-long', 'positions', 'flow']))
      .describe(
        'the positioning models its reports can be asked for (positions and flow need serve --positions / --tape)',
      ),
  }),
);
export const sourcesSchema = named('Sources', z.array(sourceStatusSchema));

const historyQueryEcho = z.strictObject({
  venue: z.string().exactOptional(),
  underlying: z.string().exactOptional(),
  from: z.number().exactOptional().describe('epoch ms, inclusive'),
  to: z.number().exactOptional().describe('epoch ms, exclusive'),
});

const nullableUsd = z.number().nullable().describe('USD; null when there is none');

export const historyPointSchema = named(
  'HistoryPoint',
  z.strictObject({
    venue: z.string(),
    underlying: z.string(),
    asOf: z.number().describe('epoch ms (UTC)'),
    time: z.string().describe('asOf as ISO 8601'),
    spot: z.number().describe('USD'),
    netGex: z.number().describe('USD of dealer delta change per 1 % move'),
    callGex: z.number().describe('USD per 1 % move'),
    putGex: z.number().describe('USD per 1 % move'),
    regime: z.enum(['positive', 'negative']),
    flips: z.array(z.number()).describe('gamma flips, USD'),
    nearestFlip: nullableUsd,
    distanceToFlipPct: z.number().nullable().describe('percent of spot'),
    callWall: nullableUsd,
    putWall: nullableUsd,
    options: z.number().describe('options admitted into the snapshot'),
  }),
);
export const historyPointMatchesType: Exact<
  Mutable<SummaryPoint & { time: string }>,
  Mutable<z.infer<typeof historyPointSchema>>
> = true;

/** GET /api/history. */
export const historySchema = named(
  'History',
  z.strictObject({
    query: historyQueryEcho.describe('the query as read'),
    count: z.number(),
    points: z.array(historyPointSchema).describe('oldest first'),
  }),
);

/** GET /api/history/snapshots. */
export const storedSnapshotsSchema = named(
  'StoredSnapshots',
  z.array(
    z.strictObject({
      venue: z.string(),
      underlying: z.string(),
      asOf: z.number().describe('epoch ms (UTC)'),
      spot: z.number().describe('USD'),
      source: z.string(),
      options: z.number(),
    }),
  ),
);
export const storedSnapshotsMatchType: Exact<
  Mutable<SnapshotMeta[]>,
  Mutable<z.infer<typeof storedSnapshotsSchema>>
> = true;

const interval = z.tuple([z.number(), z.number()]).describe('bootstrap confidence interval');
const regime = z.enum(['positive', 'negative']);
/** A group row: its count, then n, mean, median and interval of each measure (nCloseToClose, meanCloseToClose …). */
const studyRow = z
  .object({ group: z.string(), count: z.number() })
  .catchall(z.union([z.number(), z.string(), z.null(), interval]));
const pinGroup = z.strictObject({
  count: z.number(),
  meanToLargestOiPct: z.number().nullable(),
  medianToLargestOiPct: z.number().nullable(),
  ciToLargestOiPct: interval.nullable(),
  meanToMaxPainPct: z.number().nullable(),
  medianToMaxPainPct: z.number().nullable(),
  ciToMaxPainPct: interval.nullable(),
});
const measure = z.enum(['closeToClose', 'parkinson', 'garmanKlass', 'fiveMinute']);

/** GET /api/study, and `gexmap study --json`. Vols are annualised decimals. */
export const studySchema = named(
  'Study',
  z.strictObject({
    venue: z.string().nullable(),
    underlying: z.string().nullable(),
    snapshots: z.number(),
    evaluated: z.number().describe('snapshots with a next session in the prices'),
    distinctNextSessions: z.number(),
    measures: z.array(measure),
    sessions: z.array(
      z.strictObject({
        venue: z.string(),
        underlying: z.string(),
        asOf: z.number().describe('epoch ms'),
        session: z.string().nullable(),
        nextSession: z.string().describe('YYYY-MM-DD'),
        nextSessionOpen: z.number().describe('epoch ms'),
        spot: z.number(),
        netGex: z.number().describe('USD per 1 % move'),
        regime,
        nearestFlip: z.number().nullable(),
        distanceToFlipPct: z.number().nullable(),
        callWall: z.number().nullable(),
        putWall: z.number().nullable(),
        close: z.number(),
        rvCloseToClose: z.number().nullable(),
        rvParkinson: z.number(),
        rvGarmanKlass: z.number(),
        rvFiveMinute: z.number().nullable(),
      }),
    ),
    byRegime: z.array(studyRow.extend({ regime })),
    byNetGexQuantile: z.array(
      studyRow.extend({ quantile: z.number(), of: z.number(), netGexFrom: z.number(), netGexTo: z.number() }),
    ),
    byDistance: z.array(studyRow),
    negMinusPos: z.partialRecord(measure, z.strictObject({ value: z.number(), ci: interval }).nullable()),
    har: z.strictObject({
      n: z.number(),
      excluded: z.number(),
      lag: z.number().nullable(),
      negativeGex: z.strictObject({ coefficient: z.number(), hacSe: z.number(), t: z.number() }).nullable(),
      coefficients: z
        .strictObject({ intercept: z.number(), daily: z.number(), weekly: z.number(), monthly: z.number() })
        .nullable(),
      reason: z.string().exactOptional(),
    }),
    pinning: z
      .strictObject({
        expiryDays: pinGroup,
        otherDays: pinGroup,
        distances: z.array(
          z.strictObject({
            asOf: z.number(),
            nextSession: z.string(),
            expiryDay: z.boolean(),
            expiryDate: z.string(),
            largestOiStrike: z.number(),
            maxPain: z.number(),
            toLargestOiPct: z.number(),
            toMaxPainPct: z.number(),
          }),
        ),
      })
      .nullable(),
    compare: z
      .strictObject({
        commonDates: z.number(),
        onlyGexmap: z.number(),
        onlyPublished: z.number(),
        spearman: z.number().nullable(),
        signAgreement: z.number().nullable(),
        sameSign: z.number(),
      })
      .nullable(),
    excluded: z.strictObject({
      noNextSession: z.number(),
      noPreviousClose: z.number(),
      harWindow: z.number(),
      pinningNoChain: z.number(),
      pinningNoExpiry: z.number(),
      compareNoSession: z.number(),
    }),
    prices: z.strictObject({
      kind: z.enum(['daily', 'intraday']),
      rows: z.number(),
      sessions: z.number(),
      blankLines: z.number(),
      gaps: z.array(z.strictObject({ after: z.string(), before: z.string(), calendarDays: z.number() })),
      maxGapDays: z.number(),
      timeZone: z.string(),
      sessionOpen: z.string(),
      sessionRule: z.string(),
      first: z.string(),
      last: z.string(),
    }),
    conventions: z.record(z.string(), z.string()),
  }),
);
// the study's rows carry their measures under computed keys, so only the fixed fields are compared by type
export const studySchemaKeysMatchType: Exact<keyof StudyResult, keyof z.infer<typeof studySchema>> = true;

/** Every error answer: one line naming the field or the reason, with what helps the client. */
export const errorSchema = named(
  'Error',
  z.strictObject({
    error: z.string().describe('one line naming the field, the value and the reason'),
    issues: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .exactOptional()
      .describe('400: each refused query field'),
    sources: z.array(z.string()).exactOptional().describe('404 unknown source: the ids served'),
    chains: z.array(z.string()).exactOptional().describe('400 study of a store of several chains: the chains'),
    reason: z.string().exactOptional().describe('503: why the source is unavailable'),
    lastGoodAgeSeconds: z.number().nullable().exactOptional().describe('503: seconds since good data last arrived'),
  }),
);
