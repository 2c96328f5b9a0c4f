import { afterAll, beforeAll, expect, it } from 'vitest';
import { BYBIT_TOPICS_PER_CONNECTION } from '../../src/sources/bybit/messages.js';
import { BybitTickerStreams } from '../../src/sources/bybit/streams.js';
import { bybitRefusedTopics, bybitSubscriptions, startBybitReplay } from '../support/venueReplay/bybit.js';
import type { VenueReplay } from '../support/venueReplay/server.js';
import { FAST_BACKOFF, waitFor } from './deribitLive/helpers.js';

let replay: VenueReplay;
beforeAll(async () => {
  replay = await startBybitReplay();
});
afterAll(async () => {
  await replay.close();
});

const symbols = (from: number, n: number) => Array.from({ length: n }, (_, i) => `BTC-26JUN26-${from + i}-C`);
const held = () => replay.wsClients().map((c) => bybitSubscriptions.get(c)?.size ?? 0);

it('splits the topics over connections of at most 2,000, open only once every one is acknowledged', async () => {
  const events: string[] = [];
  const streams = new BybitTickerStreams({
    url: replay.wsUrl,
    pingMs: 0,
    reconnect: FAST_BACKOFF,
    onPush: () => {},
    onOpen: () => events.push('open'),
    onDown: ({ reason }) => events.push(`down ${reason}`),
  });
  try {
    streams.sync(symbols(1, 4500));
    streams.start();
    await waitFor(() => events.includes('open'), 'every connection acknowledged');
    expect(BYBIT_TOPICS_PER_CONNECTION).toBe(2000);
    expect(streams.connectionCount).toBe(3);
    expect(held().sort((a, b) => a - b)).toEqual([500, 2000, 2000]);
    expect(events).toEqual(['open']);

    // newly listed options fill the last connection, then open a fourth
    streams.sync([...symbols(1, 4500), ...symbols(5000, 1600)]);
    await waitFor(() => held().reduce((a, b) => a + b, 0) === 6100, 'the added topics');
    expect(held().sort((a, b) => a - b)).toEqual([100, 2000, 2000, 2000]);

    // one connection lost: down naming it, then open again once it is back and acknowledged
    replay.wsClients()[0]!.terminate();
    await waitFor(() => events.length >= 3 && events.at(-1) === 'open', 'the reconnection');
    expect(events[1]).toMatch(/^down connection \d of 4: connection closed/);
    expect(streams.stats.reconnects).toBe(1);
    await waitFor(() => held().length === 4 && held().reduce((a, b) => a + b, 0) === 6100, 'the resubscription');
  } finally {
    streams.close();
  }
});

it('unsubscribes the options a snapshot no longer has, forgets their refusals, and refills the room they leave', async () => {
  const refusedOne = 'tickers.BTC-26JUN26-7-C';
  bybitRefusedTopics.add(refusedOne);
  const streams = new BybitTickerStreams({ url: replay.wsUrl, pingMs: 0, reconnect: FAST_BACKOFF, onPush: () => {} });
  try {
    streams.sync(symbols(1, 2500));
    streams.start();
    await waitFor(() => held().reduce((a, b) => a + b, 0) === 2499, 'the subscriptions');
    expect(streams.refusedTopics()).toEqual([refusedOne]);
    // the first 300 leave (expired), 300 others are listed
    streams.sync([...symbols(301, 2200), ...symbols(9000, 300)]);
    await waitFor(
      () =>
        held()
          .sort((a, b) => a - b)
          .join() === '500,2000',
      'the unsubscriptions and the refill',
    );
    expect(streams.connectionCount).toBe(2);
    expect(streams.refusedTopics()).toEqual([]);
    const topics = new Set(replay.wsClients().flatMap((c) => [...(bybitSubscriptions.get(c) ?? [])]));
    expect(topics.has('tickers.BTC-26JUN26-1-C')).toBe(false);
    expect(topics.has('tickers.BTC-26JUN26-9000-C')).toBe(true);
  } finally {
    streams.close();
    bybitRefusedTopics.clear();
  }
});
