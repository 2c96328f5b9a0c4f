import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import type { LiveFeed } from '../../src/sources/liveFeed.js';
import type { StreamedVenueFeed } from '../../src/sources/venue/streamedFeed.js';
import type { VenueReplay } from '../support/venueReplay/server.js';
import { FAST_BACKOFF, waitFor } from './deribitLive/helpers.js';

/** What the shared suite needs of one streamed venue (OKX, Bybit, Binance). */
export interface StreamedVenueHarness {
  /** the describe title, e.g. "OKX live source: REST snapshot plus the opt-summary WebSocket channel" */
  readonly title: string;
  start(): Promise<VenueReplay>;
  /** the live BTC feed against `replay` (not started), REST refreshes left to the test */
  open(replay: VenueReplay, stream: { url: string; pingMs: number; reconnect: typeof FAST_BACKOFF }): unknown;
  /** pushes one frame moving a few options of `snapshot`, stamped `ts`; `frame` mangles its text */
  pushSome(replay: VenueReplay, snapshot: ChainSnapshot, ts: number, frame?: (text: string) => string): void;
}

export interface StreamedVenueContext {
  readonly replay: VenueReplay;
  /** makes the feed (stopped after the test; `start()` resolves after its first REST snapshot); `pingMs` 0 sends no pings */
  open(pingMs?: number): StreamedVenueFeed<unknown>;
}

/** Counts the feed's chain changes from now on. */
export function dataChanges(feed: Pick<LiveFeed, 'subscribe'>): () => number {
  let n = 0;
  feed.subscribe((change) => {
    if (change === 'data') n++;
  });
  return () => n;
}

/** The feed is up: its first REST snapshot in and its stream subscribed. */
export const healthy = (feed: Pick<LiveFeed, 'health'>) => !feed.health().stale;

/**
 * The behaviour every streamed venue feed shares, run against the venue's replay server, plus
 * the venue's own tests (`specific`) in the same describe with the same server and set-up.
 */
export function streamedVenueSuite(h: StreamedVenueHarness, specific: (ctx: StreamedVenueContext) => void): void {
  describe(h.title, () => {
    let replay: VenueReplay;
    let source: StreamedVenueFeed<unknown> | undefined;
    beforeAll(async () => {
      replay = await h.start();
    });
    afterAll(async () => {
      await replay.close();
    });
    afterEach(async () => {
      await source?.stop();
      source = undefined;
      replay.clearFaults();
    });
    const ctx: StreamedVenueContext = {
      get replay() {
        return replay;
      },
      open(pingMs = 0) {
        source = h.open(replay, { url: replay.wsUrl, pingMs, reconnect: FAST_BACKOFF }) as StreamedVenueFeed<unknown>;
        return source;
      },
    };
    const subscribed = async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      return s;
    };

    it('is stale while the WebSocket is dropped, reconnects, subscribes again and is healthy', async () => {
      const s = await subscribed();
      const connections = replay.wsStats.connections;
      let sawStale = false;
      s.subscribe(() => {
        if (s.health().stale) sawStale = true;
      });
      replay.dropWs();
      await waitFor(() => sawStale, 'the stale state');
      expect(s.health()).toMatchObject({ connected: false, staleReason: expect.stringMatching(/stream down/) });
      expect(s.health().staleSince).toEqual(expect.any(Number));
      expect(s.current()).toBeDefined();
      await waitFor(() => replay.wsStats.connections > connections && healthy(s), 'the reconnection');
      expect(s.health()).toMatchObject({ connected: true, staleSince: null, staleReason: null });
      expect(s.health().reconnects).toBeGreaterThan(0);
    });

    it('skips malformed and truncated frames with a count and keeps applying the next pushes', async () => {
      const s = await subscribed();
      const snapshot = s.current()!;
      let changes = 0;
      s.subscribe((change) => {
        if (change === 'data') changes++;
      });
      h.pushSome(replay, snapshot, snapshot.asOf + 1, () => '<html>502</html>');
      h.pushSome(replay, snapshot, snapshot.asOf + 1, (t) => t.slice(0, t.length / 2));
      h.pushSome(replay, snapshot, snapshot.asOf + 2);
      await waitFor(() => s.current() !== snapshot, 'the good push');
      expect(changes).toBe(1);
      expect(s.current()!.asOf).toBe(snapshot.asOf + 2);
      expect(s.health().protocolErrors).toBe(2);
      expect(healthy(s)).toBe(true);
    });

    it('holds no chain, stale with the reason and the SourceError, while the first REST snapshot is rate-limited, subscribes nothing, then is healthy after a refresh', async () => {
      replay.faults.http429 = 100;
      const s = ctx.open();
      await s.start();
      expect(s.current()).toBeUndefined();
      expect(s.health()).toMatchObject({
        stale: true,
        staleReason: expect.stringContaining('HTTP 429'),
        lastError: { name: 'SourceError', kind: 'rate-limited' },
      });
      expect(s.streamStats.connections).toBe(0);
      replay.clearFaults();
      await s.refresh();
      await waitFor(() => healthy(s), 'recovery');
      expect(s.health().lastError).toBeNull();
      expect(s.health().lastGoodAt).toEqual(expect.any(Number));
    });

    specific(ctx);
  });
}
