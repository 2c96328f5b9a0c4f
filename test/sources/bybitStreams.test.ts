import { afterAll, beforeAll, expect, it } from 'vitest';
import { BYBIT_TOPICS_PER_CONNECTION } from '../../src/sources/bybit/messages.js';
import { BybitTickerStreams } from '../../src/sources/bybit/streams.js';
import { bybitSubscriptions, startBybitReplay } from '../support/venueReplay/bybit.js';
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
    streams.add(symbols(1, 4500));
    streams.start();
    await waitFor(() => events.includes('open'), 'every connection acknowledged');
    expect(BYBIT_TOPICS_PER_CONNECTION).toBe(2000);
    expect(streams.connectionCount).toBe(3);
    expect(held().sort((a, b) => a - b)).toEqual([500, 2000, 2000]);
    expect(events).toEqual(['open']);

    // newly listed options fill the last connection, then open a fourth
    streams.add(symbols(5000, 1600));
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
