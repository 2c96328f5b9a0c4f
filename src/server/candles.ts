import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ChainInputError } from '../chain/types.js';
import { parseInteger, QuantityError, shown } from '../core/units/index.js';
import { type Candle, candlesFromSpots, SNAPSHOT_CANDLES_RULE } from '../history/candles.js';
import type { LiveFeed, VenuePriceBars } from '../sources/liveFeed.js';
import { SourceError } from '../sources/venue/errors.js';
import type { SnapshotStore } from '../store/types.js';
import { LiveFeedSource } from './liveFeedSource.js';
import { badRequestBody } from './query.js';
import type { ChainSource } from './sources.js';

/** Bar lengths a client may ask for, minutes. */
export const CANDLE_RESOLUTIONS = [1, 5, 15, 60, 240, 1440] as const;
export const MAX_CANDLES = 1000;
/** How long a venue's bars are served again before it is asked anew, ms: a chart polled by many tabs costs one request. */
export const VENUE_CANDLES_TTL_MS = 10_000;

function integerField(field: string, bounds: { min: number; max: number }, allowed?: readonly number[]) {
  return z.string().transform((text, ctx) => {
    try {
      const n = parseInteger(text, field, bounds);
      if (allowed === undefined || allowed.includes(n)) return n;
      ctx.addIssue({ code: 'custom', message: `${shown(text)} must be one of ${allowed.join(', ')} (minutes)` });
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: e instanceof QuantityError ? `${shown(text)} ${e.reason}` : (e as Error).message,
      });
    }
    return z.NEVER;
  });
}

export const candlesQuerySchema = z.strictObject({
  resolution: integerField('resolution', { min: 1, max: 1440 }, CANDLE_RESOLUTIONS)
    .default(60)
    .describe(`bar length in minutes: ${CANDLE_RESOLUTIONS.join(', ')} (default 60)`),
  count: integerField('count', { min: 1, max: MAX_CANDLES })
    .default(200)
    .describe(`how many of the latest bars, 1 to ${MAX_CANDLES} (default 200)`),
});

const price = z.number().positive();

/** The answer of GET /api/sources/{id}/candles. */
export const candlesAnswerSchema = z.object({
  source: z.string(),
  /** bar length, minutes */
  resolution: z.number().int(),
  /** where the bars come from: the venue's chart data, or the spots of the stored snapshots */
  from: z.enum(['venue', 'snapshots']),
  candles: z.array(
    z.object({
      t: z.string().describe('bar open time, ISO 8601 UTC'),
      open: price,
      high: price,
      low: price,
      close: price,
    }),
  ),
  conventions: z.object({ t: z.string(), price: z.string(), bars: z.string() }),
});

export type CandlesAnswer = z.infer<typeof candlesAnswerSchema>;

export interface CandleRouteOptions {
  readonly sources: readonly ChainSource[];
  readonly history?: SnapshotStore | undefined;
  readonly now?: () => number;
}

type PriceBarFeed = LiveFeed & Required<Pick<LiveFeed, 'priceBars'>>;

/** The live feed behind a source when its venue serves price bars. */
function barFeed(source: ChainSource): PriceBarFeed | undefined {
  return source instanceof LiveFeedSource && source.feed.priceBars !== undefined
    ? (source.feed as PriceBarFeed)
    : undefined;
}

const iso = (bars: readonly Candle[]) =>
  bars.map((b) => ({ t: new Date(b.t).toISOString(), open: b.open, high: b.high, low: b.low, close: b.close }));

/**
 * GET /api/sources/{id}/candles?resolution=60&count=200: price bars of the source's underlying for
 * the price chart. A live source whose venue serves bars (Deribit) answers the venue's, cached a few
 * seconds per (source, resolution); any other with a history store answers bars of its stored
 * snapshots' spots; without either it is a 404 "no price data".
 */
export function registerCandleRoutes(app: Hono, options: CandleRouteOptions): void {
  const now = options.now ?? Date.now;
  const byId = new Map(options.sources.map((s) => [s.id, s]));
  const cache = new Map<string, { at: number; count: number; bars: Promise<VenuePriceBars> }>();

  const venueBars = (source: ChainSource, feed: PriceBarFeed, minutes: number, count: number) => {
    const key = `${source.id}|${minutes}`;
    const at = now();
    const hit = cache.get(key);
    if (hit !== undefined && at - hit.at < VENUE_CANDLES_TTL_MS && hit.count >= count) return hit.bars;
    const bars = feed.priceBars({ minutes, count, endMs: at });
    cache.set(key, { at, count, bars });
    // a failure is not kept: the next request asks again
    bars.catch(() => {
      if (cache.get(key)?.bars === bars) cache.delete(key);
    });
    return bars;
  };

  const noData = (c: Context, id: string, why: string) =>
    c.json({ error: `source ${id} has no price data: ${why}` }, 404);

  app.get('/api/sources/:id/candles', async (c) => {
    const id = c.req.param('id');
    const source = byId.get(id);
    if (!source) return c.json({ error: `unknown source: ${id}`, sources: [...byId.keys()] }, 404);
    const parsed = candlesQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return c.json(badRequestBody(parsed.error), 400);
    const { resolution, count } = parsed.data;
    const feed = barFeed(source);
    if (feed !== undefined) {
      try {
        const { bars, unit, instrument } = await venueBars(source, feed, resolution, count);
        const answer: CandlesAnswer = {
          source: id,
          resolution,
          from: 'venue',
          candles: iso(bars.slice(-count)),
          conventions: {
            t: 'bar open time, UTC',
            price: unit,
            bars: `${instrument} chart data of ${feed.venue}; lengths the venue does not serve are merged from shorter bars aligned on the UTC epoch`,
          },
        };
        return c.json(answer);
      } catch (e) {
        if (e instanceof SourceError || e instanceof ChainInputError || e instanceof RangeError)
          return c.json({ error: `source ${id}: price bars: ${(e as Error).message}` }, 502);
        throw e;
      }
    }
    const store = options.history;
    if (store === undefined)
      return noData(
        c,
        id,
        source.kind === 'recorded'
          ? 'it is a recorded chain and the server has no history store'
          : 'its venue serves no price bars and the server has no history store',
      );
    const chain = source.current()?.snapshot;
    if (chain === undefined) return noData(c, id, 'it holds no snapshot yet');
    const stored = await store.listSnapshots({ venue: chain.venue, underlying: chain.underlying });
    if (stored.length === 0) return noData(c, id, `no ${chain.venue} ${chain.underlying} snapshot is stored`);
    const answer: CandlesAnswer = {
      source: id,
      resolution,
      from: 'snapshots',
      candles: iso(candlesFromSpots(stored, resolution, count)),
      conventions: {
        t: 'bar open time, UTC',
        price: `spot of ${chain.underlying} as the snapshots state it (${chain.venue}), in the chain's price unit`,
        bars: SNAPSHOT_CANDLES_RULE,
      },
    };
    return c.json(answer);
  });
}
