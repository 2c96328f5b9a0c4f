import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradeTape } from '../../src/sources/deribit/tape/tape.js';
import type { LiveFeed, LiveFeedChange } from '../../src/sources/liveFeed.js';
import { LIVE_VENUES, type LiveVenue, VENUES } from '../../src/sources/registry.js';
import { recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { startBinanceReplay } from '../support/venueReplay/binance.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import { startOkxReplay } from '../support/venueReplay/okx.js';
import { waitFor } from './deribitLive/helpers.js';

/** A venue's replay server as the contract drives it: where it listens, a rate-limit fault, its open sockets. */
interface Replay {
  readonly baseUrl: string;
  readonly wsUrl: string;
  rateLimit(count: number): void;
  sockets(): number;
  close(): Promise<void>;
}

const REPLAYS: Record<LiveVenue, () => Promise<Replay>> = {
  deribit: async () => {
    const r = await startDeribitReplay({ markets: [recordedBtcMarket()] });
    return {
      baseUrl: r.baseUrl,
      wsUrl: r.wsUrl,
      rateLimit: (n) => {
        r.faults.http429 = n;
      },
      sockets: () => r.clients(),
      close: () => r.close(),
    };
  },
  okx: () => startOkxReplay().then(venueReplay),
  bybit: () => startBybitReplay().then(venueReplay),
  binance: () => startBinanceReplay().then(venueReplay),
};

function venueReplay(r: Awaited<ReturnType<typeof startOkxReplay>>): Replay {
  return {
    baseUrl: r.baseUrl,
    wsUrl: r.wsUrl,
    rateLimit: (n) => {
      r.faults.http429 = n;
    },
    sockets: () => r.wsClients().length,
    close: () => r.close(),
  };
}

// The one contract every live venue feed of the registry keeps, against the venue's replay server.
describe.each(LIVE_VENUES)('the %s live feed from the registry', (venue) => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await REPLAYS[venue]();
  });
  afterAll(async () => {
    await replay.close();
  });
  const feedAt = (): LiveFeed =>
    VENUES[venue].feed({ currency: 'btc', baseUrl: replay.baseUrl, wsUrl: replay.wsUrl, retries: 0 });

  it('holds no chain before it starts, then the venue’s chain, columnar too, healthy once the stream is subscribed', async () => {
    const feed = feedAt();
    const heard: LiveFeedChange[] = [];
    feed.subscribe((c) => heard.push(c));
    try {
      expect([feed.venue, feed.underlying, feed.id]).toEqual([venue, 'BTC', `${venue}-btc`]);
      expect(feed.current()).toBeUndefined();
      expect(feed.health()).toMatchObject({ stale: true, connected: false, lastGoodAt: null, lastError: null });
      await feed.start();
      const chain = feed.current();
      expect(chain?.venue).toBe(venue);
      expect(feed.columnar()?.n).toBe(chain?.options.length);
      expect(heard).toContain('data');
      await waitFor(() => !feed.health().stale, 'the subscription');
      expect(feed.health()).toMatchObject({ connected: true, staleSince: null, staleReason: null, lastError: null });
      expect(feed.health().lastGoodAt).toEqual(expect.any(Number));
    } finally {
      await feed.stop();
    }
  });

  it('resolves start after a refused first snapshot, with no chain, stale, and the venue’s SourceError', async () => {
    replay.rateLimit(1_000);
    const feed = feedAt();
    try {
      await feed.start();
      expect(feed.current()).toBeUndefined();
      const health = feed.health();
      expect(health.stale).toBe(true);
      expect(health.staleReason).toMatch(/429|rate/i);
      expect(health.lastError).toMatchObject({ name: 'SourceError', kind: 'rate-limited', retryable: true });
    } finally {
      await feed.stop();
      replay.rateLimit(0);
    }
  });

  it('stops, closing its stream, when the signal given to start aborts', async () => {
    const feed = feedAt();
    const abort = new AbortController();
    await feed.start(abort.signal);
    await waitFor(() => !feed.health().stale && replay.sockets() > 0, 'the subscription');
    abort.abort();
    await waitFor(() => replay.sockets() === 0, 'the stream to close');
    expect(feed.current()?.venue).toBe(venue);
  });

  it(VENUES[venue].tradeTape ? 'takes a trade tape to record' : 'refuses a trade tape, naming the venue', () => {
    const settings = { currency: 'BTC', baseUrl: replay.baseUrl, tape: new TradeTape() };
    if (VENUES[venue].tradeTape) expect(VENUES[venue].feed(settings).venue).toBe(venue);
    else expect(() => VENUES[venue].feed(settings)).toThrow(`${venue} records no trade tape`);
  });
});
