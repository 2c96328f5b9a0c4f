import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { candlesAnswerSchema, VENUE_CANDLES_TTL_MS } from '../../src/server/candles.js';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DeribitVenueFeed } from '../../src/sources/deribit/live/venueFeed.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { fastFeed } from '../sources/deribitLive/helpers.js';
import { testSnapshot } from '../store/contract.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';

const CHART = 'public/get_tradingview_chart_data';

/** The bars a trader expects from a list of prints: grouped by bar open time (UTC epoch), first/max/min/last. */
function barsOf(prints: readonly { t: number; price: number }[], minutes: number) {
  const ms = minutes * 60_000;
  const groups = new Map<number, number[]>();
  for (const p of prints) {
    const t = Math.floor(p.t / ms) * ms;
    groups.set(t, [...(groups.get(t) ?? []), p.price]);
  }
  return [...groups].map(([t, v]) => ({
    t: new Date(t).toISOString(),
    open: v[0],
    high: Math.max(...v),
    low: Math.min(...v),
    close: v[v.length - 1],
  }));
}

describe('GET /api/sources/{id}/candles of a live Deribit source', () => {
  let replay: DeribitReplay;
  let source: LiveFeedSource;
  let prints: { t: number; price: number }[];

  beforeAll(async () => {
    replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
    const market = replay.markets[0]!;
    prints = [{ t: market.clock, price: market.index }];
    // 10 hours of the index moving every 20 s: three prints a minute
    for (let i = 0; i < 1800; i++) {
      const [tick] = replay.tick({ advanceMs: 20_000, trades: 0 });
      prints.push({ t: tick!.timestamp, price: tick!.index });
    }
    source = new LiveFeedSource(new DeribitVenueFeed({ feed: fastFeed(replay), retryMs: { first: 5, max: 20 } }));
  });
  afterAll(async () => {
    await source.close();
    await replay.close();
  });
  afterEach(() => replay.clearFaults());

  const appAt = (now: () => number) => createApp({ sources: [source], now });
  const clock = () => replay.markets[0]!.clock;

  it.each([
    [1, 5],
    [15, 7],
    [60, 3],
  ])(
    'answers the latest bars of %i minutes (%i of them) of BTC-PERPETUAL as the venue charts them',
    async (resolution, count) => {
      const res = await appAt(clock).request(
        `/api/sources/deribit-btc/candles?resolution=${resolution}&count=${count}`,
      );
      expect(res.status).toBe(200);
      const body = candlesAnswerSchema.parse(await res.json());
      expect(body).toMatchObject({ source: 'deribit-btc', resolution, from: 'venue' });
      expect(body.candles).toEqual(barsOf(prints, resolution).slice(-count));
      expect(body.conventions.t).toBe('bar open time, UTC');
      expect(body.conventions.price).toMatch(/^USD per BTC, trade prices of BTC-PERPETUAL/);
    },
  );

  it('builds 4-hour bars, which Deribit does not serve, from its hourly ones aligned on UTC', async () => {
    const before = replay.stats.http.get(CHART) ?? 0;
    const body = await (await appAt(clock).request('/api/sources/deribit-btc/candles?resolution=240&count=3')).json();
    expect(body.candles).toEqual(barsOf(prints, 240).slice(-3));
    expect(body.candles.map((c: { t: string }) => new Date(c.t).getUTCHours() % 4)).toEqual([0, 0, 0]);
    // one request of hourly bars (the replay refuses 240 as Deribit does)
    expect(replay.stats.http.get(CHART)).toBe(before + 1);
  });

  it('asks the venue once per source and resolution within a few seconds, and again after', async () => {
    let now = clock();
    const app = appAt(() => now);
    const before = replay.stats.http.get(CHART) ?? 0;
    await app.request('/api/sources/deribit-btc/candles?resolution=5&count=10');
    await app.request('/api/sources/deribit-btc/candles?resolution=5&count=4');
    const cached = await (await app.request('/api/sources/deribit-btc/candles?resolution=5&count=4')).json();
    expect(cached.candles).toEqual(barsOf(prints, 5).slice(-4));
    expect(replay.stats.http.get(CHART)).toBe(before + 1);
    await app.request('/api/sources/deribit-btc/candles?resolution=15&count=4');
    expect(replay.stats.http.get(CHART)).toBe(before + 2);
    now += VENUE_CANDLES_TTL_MS;
    await app.request('/api/sources/deribit-btc/candles?resolution=5&count=4');
    expect(replay.stats.http.get(CHART)).toBe(before + 3);
  });

  it('passes a venue refusal on as a 502 naming Deribit and its error, and does not keep it', async () => {
    const app = appAt(clock);
    Object.assign(replay.faults, {
      rpcError: 1,
      rpcErrorCode: 11050,
      rpcErrorMessage: 'bad_request',
      rpcErrorMethods: [CHART],
    });
    const res = await app.request('/api/sources/deribit-btc/candles?resolution=1440&count=2');
    expect(res.status).toBe(502);
    expect((await res.json()).error).toBe(`source deribit-btc: price bars: ${CHART}: Deribit error 11050 bad_request`);
    const again = await app.request('/api/sources/deribit-btc/candles?resolution=1440&count=2');
    expect(again.status).toBe(200);
    expect((await again.json()).candles).toEqual(barsOf(prints, 1440).slice(-2));
  });
});

describe('GET /api/sources/{id}/candles of a recorded source', () => {
  const T0 = Date.UTC(2025, 10, 19, 0);
  const HOUR = 3_600_000;
  let store: DuckDbStore;
  let recorded: StaticSource;

  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    // spots 101..106, one snapshot every 30 minutes; an ETH one that must not count
    for (let h = 0; h < 6; h++) await store.writeSnapshot(recordOf(testSnapshot(T0 + (h * HOUR) / 2, h + 1)));
    await store.writeSnapshot(recordOf(testSnapshot(T0, 50, { underlying: 'ETH' })));
    recorded = new StaticSource('deribit-btc', 'Deribit BTC (recorded)', await readDeribitDir(DERIBIT_BTC_DIR));
  });
  afterAll(() => store.close());

  it('answers bars of the stored snapshots’ spots of its venue and underlying with --db', async () => {
    const app = createApp({ sources: [recorded], history: store });
    const body = candlesAnswerSchema.parse(
      await (await app.request('/api/sources/deribit-btc/candles?resolution=60')).json(),
    );
    expect(body.from).toBe('snapshots');
    expect(body.resolution).toBe(60);
    expect(body.candles).toEqual(
      [0, 1, 2].map((h) => ({
        t: new Date(T0 + h * HOUR).toISOString(),
        open: 101 + 2 * h,
        high: 102 + 2 * h,
        low: 101 + 2 * h,
        close: 102 + 2 * h,
      })),
    );
    const two = await (await app.request('/api/sources/deribit-btc/candles?resolution=15&count=2')).json();
    expect(two.candles.map((c: { close: number }) => c.close)).toEqual([105, 106]);
  });

  it('is a 404 "no price data" without a history store (recorded, or live on a venue without bars), and when none of its snapshots is stored', async () => {
    const res = await createApp({ sources: [recorded] }).request('/api/sources/deribit-btc/candles');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe(
      'source deribit-btc has no price data: it is a recorded chain and the server has no history store',
    );
    const live = new PushSource('okx-btc', 'OKX BTC (live)');
    live.push(await readDeribitDir(DERIBIT_BTC_DIR));
    const okx = await createApp({ sources: [live] }).request('/api/sources/okx-btc/candles');
    expect(okx.status).toBe(404);
    expect((await okx.json()).error).toBe(
      'source okx-btc has no price data: its venue serves no price bars and the server has no history store',
    );
    const eth = new StaticSource('other', 'other', { ...(await readDeribitDir(DERIBIT_BTC_DIR)), underlying: 'SOL' });
    const none = await createApp({ sources: [eth], history: store }).request('/api/sources/other/candles');
    expect(none.status).toBe(404);
    expect((await none.json()).error).toBe('source other has no price data: no deribit SOL snapshot is stored');
  });

  it.each([
    ['resolution=7', 'resolution', '7 must be one of 1, 5, 15, 60, 240, 1440 (minutes)'],
    ['resolution=60.5', 'resolution', '60.5 must be an integer from 1 to 1440'],
    ['count=0', 'count', '0 must be an integer from 1 to 1000'],
    ['count=1001', 'count', '1001 must be an integer from 1 to 1000'],
    ['cuont=5', 'cuont', 'is not a field of this endpoint'],
  ])('refuses %s with a 400 naming the field', async (query, field, message) => {
    const res = await createApp({ sources: [recorded], history: store }).request(
      `/api/sources/deribit-btc/candles?${query}`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([{ field, message }]);
  });

  it('is a 404 naming the sources for an unknown one', async () => {
    const res = await createApp({ sources: [recorded] }).request('/api/sources/nope/candles');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'unknown source: nope', sources: ['deribit-btc'] });
  });
});
