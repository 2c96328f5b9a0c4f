import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import type { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { PushSource } from '../../src/server/sources.js';
import { AggregateSource, PollingSource } from '../../src/server/venueSources.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { fetchOkxSnapshot, okxHttp } from '../../src/sources/okx/rest.js';
import { StreamedVenueFeed } from '../../src/sources/venue/streamedFeed.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { waitFor } from '../sources/deribitLive/helpers.js';
import { okxPayloads, startOkxReplay } from '../support/venueReplay/okx.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the JSON under test is checked field by field
const readJson = (res: Response): Promise<any> => res.json();

let deribit: ChainSnapshot;
let okx: ChainSnapshot;
let replay: VenueReplay;
beforeAll(async () => {
  deribit = await readDeribitDir(DERIBIT_BTC_DIR);
  okx = parseOkxChain({
    ...okxPayloads({ ctVal: '0.01', ctMult: '1', oiShare: (o) => (o.type === 'P' ? 0.8 : 0.1) }),
    source: 'okx',
  });
  replay = await startOkxReplay();
});
afterAll(async () => {
  await replay.close();
});

describe('PollingSource over the OKX REST client', () => {
  it('serves the first snapshot, keeps it as stale through a failed poll, and is ok again after the next', async () => {
    const http = okxHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } });
    const source = new PollingSource({
      id: 'okx-btc',
      label: 'OKX BTC',
      fetch: () => fetchOkxSnapshot(http, 'BTC'),
      intervalMs: 3_600_000,
    });
    expect(source.status().state).toBe('down');
    await source.polled;
    expect(source.status().state).toBe('ok');
    expect(source.current()?.snapshot.venue).toBe('okx');
    replay.faults.http429 = 100;
    await source.refresh();
    expect(source.status()).toMatchObject({ state: 'stale', reason: expect.stringContaining('HTTP 429') });
    expect(source.current()?.version).toBe(1);
    replay.clearFaults();
    await source.refresh();
    expect(source.status().state).toBe('ok');
    expect(source.current()?.version).toBe(2);
    source.close();
  });

  it('is down, with the reason, when the first poll fails', async () => {
    const http = okxHttp({ baseUrl: replay.baseUrl, retries: 0 });
    replay.faults.http429 = 100;
    const failing = new PollingSource({
      id: 'okx-btc',
      label: 'OKX BTC',
      fetch: () => fetchOkxSnapshot(http, 'BTC'),
      intervalMs: 3_600_000,
    });
    await failing.polled;
    expect(failing.status()).toMatchObject({ state: 'down', reason: expect.stringContaining('HTTP 429') });
    expect(failing.current()).toBeUndefined();
    failing.close();
    replay.clearFaults();
  });
});

describe('AggregateSource', () => {
  it('is down until every venue has a snapshot, then serves the aggregated map with a venue breakdown', async () => {
    const d = new PushSource('deribit-btc', 'Deribit BTC');
    const o = new PushSource('okx-btc', 'OKX BTC');
    const all = new AggregateSource('all-btc', 'BTC all venues', [d, o]);
    expect(all.status()).toMatchObject({ state: 'down', reason: 'waiting for deribit-btc, okx-btc' });
    d.push(deribit);
    expect(all.status()).toMatchObject({ state: 'down', reason: 'waiting for okx-btc' });
    o.push(okx);
    expect(all.status().state).toBe('ok');
    expect(all.current()?.snapshot.options.length).toBe(deribit.options.length + okx.options.length);

    const app = createApp({ sources: [all, d, o], checkAnswers: true });
    const r = await readJson(await app.request('/api/sources/all-btc/report'));
    expect(r.venue).toBe('aggregate');
    expect(r.venues.venues.map((v: { venue: string }) => v.venue)).toEqual(['deribit', 'okx']);
    const single = await readJson(await app.request('/api/sources/okx-btc/report'));
    expect(single.venues).toBeUndefined();
    const shares = r.venues.venues.map((v: { shareOfGross: number }) => v.shareOfGross);
    expect(shares[0] + shares[1]).toBeCloseTo(1, 12);
  });

  it('turns stale, naming the venue, while a part is stale, and keeps the last aggregate', () => {
    const d = new PushSource('deribit-btc', 'Deribit BTC');
    const o = new PushSource('okx-btc', 'OKX BTC');
    const all = new AggregateSource('all-btc', 'BTC all venues', [d, o], { referenceVenue: 'okx' });
    d.push(deribit);
    o.push(okx);
    const version = all.current()?.version;
    o.fail('stale', 'stream dropped');
    expect(all.status()).toMatchObject({ state: 'stale', reason: 'okx-btc stale' });
    expect(all.current()?.snapshot.spot).toBe(okx.spot);
    expect(all.current()?.version).toBeGreaterThan(version ?? 0);
  });
});

describe('serve --venue okx,bybit (liveVenueSources)', () => {
  it('builds one live source per venue (each over the registry’s live feed) and the aggregate first, ok once both answered', async () => {
    const { liveVenueSources } = await import('../../src/cli/venueServe.js');
    const { startBybitReplay } = await import('../support/venueReplay/bybit.js');
    const bybit = await startBybitReplay();
    const sources = liveVenueSources(
      {
        venue: 'okx,bybit',
        currency: 'BTC',
        baseUrl: `okx=${replay.baseUrl},bybit=${bybit.baseUrl}`,
        wsUrl: `okx=${replay.wsUrl},bybit=${bybit.wsUrl}`,
        pollSeconds: 3600,
      },
      () => {},
    );
    try {
      expect(sources.map((s) => s.id)).toEqual(['all-btc', 'okx-btc', 'bybit-btc']);
      const feeds = sources.slice(1).map((s) => (s as LiveFeedSource).feed);
      await Promise.all(feeds.map((f) => f.start()));
      await waitFor(() => sources[0]?.status().state === 'ok', 'both venues');
      expect(feeds.map((f) => f.venue)).toEqual(['okx', 'bybit']);
      expect(feeds[1]).toBeInstanceOf(StreamedVenueFeed);
      expect((feeds[1] as StreamedVenueFeed<unknown>).streamStats.connections).toBe(1);
      expect(sources[0]?.current()?.snapshot.venue).toBe('aggregate');
    } finally {
      for (const s of sources) await s.close?.();
      await bybit.close();
    }
  });
});
