import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { DeribitVenueFeed } from '../../src/sources/deribit/live/venueFeed.js';
import { fastFeed, waitFor } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';

let replay: DeribitReplay | undefined;
let source: LiveFeedSource | undefined;

afterEach(async () => {
  await source?.close();
  await replay?.close();
  source = undefined;
  replay = undefined;
});

describe('the live Deribit source behind the API', () => {
  it('serves the live chain, publishes stream updates, and flags it stale while the stream is down', async () => {
    replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
    source = new LiveFeedSource(new DeribitVenueFeed({ feed: fastFeed(replay), retryMs: { first: 5, max: 20 } }), {
      publishEveryMs: 0,
    });
    const app = createApp({ sources: [source] });
    await waitFor(() => source!.status().state === 'ok', 'the stream to be live');

    const first = await (await app.request('/api/sources/deribit-btc/report')).json();
    expect(first.venue).toBe('deribit');
    expect(first.spot).toBe(91629.58);
    const version = source.current()!.version;

    const [tick] = replay.tick();
    await waitFor(() => (source!.current()?.snapshot.spot ?? 0) === tick!.index, 'the index update');
    expect(source.current()!.version).toBeGreaterThan(version);
    const moved = await (await app.request('/api/sources/deribit-btc/report')).json();
    expect(moved.spot).toBe(tick!.index);

    replay.faults.refuseWebSocket = true;
    replay.dropConnections();
    await waitFor(() => source!.status().state === 'stale', 'the stale flag');
    // Stale data is still served, with its state visible in /api/sources.
    expect((await app.request('/api/sources/deribit-btc/report')).status).toBe(200);
    const listed = await (await app.request('/api/sources')).json();
    expect(listed[0].state).toBe('stale');
    expect(listed[0].reason).toEqual(expect.any(String));

    replay.faults.refuseWebSocket = false;
    await waitFor(() => source!.status().state === 'ok', 'recovery');
  });

  it('answers 503 with the reason while the venue cannot be reached, and recovers when it can', async () => {
    replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
    replay.faults.http429 = 1_000_000;
    source = new LiveFeedSource(
      new DeribitVenueFeed({
        feed: fastFeed(replay, { http: { retries: 0, timeoutMs: 500 } }),
        retryMs: { first: 5, max: 20 },
      }),
      { publishEveryMs: 0 },
    );
    const app = createApp({ sources: [source] });
    await waitFor(() => source!.status().reason !== 'connecting to Deribit', 'the first failure');
    const res = await app.request('/api/sources/deribit-btc/report');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.reason).toMatch(/429|rate|too many/i);
    expect(body.lastGoodAgeSeconds).toBeNull();
    replay.faults.http429 = 0;
    await waitFor(() => source!.status().state === 'ok', 'the source to come up');
    expect((await app.request('/api/sources/deribit-btc/report')).status).toBe(200);
  });
});
