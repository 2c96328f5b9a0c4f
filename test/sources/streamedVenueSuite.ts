import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import type { StreamedVenueSource } from '../../src/server/streamedSource.js';
import type { VenueReplay } from '../support/venueReplay/server.js';
import { FAST_BACKOFF, waitFor } from './deribitLive/helpers.js';

/** What the shared suite needs of one streamed venue (OKX, Bybit, Binance). */
export interface StreamedVenueHarness {
  /** the describe title, e.g. "OKX live source: REST snapshot plus the opt-summary WebSocket channel" */
  readonly title: string;
  start(): Promise<VenueReplay>;
  /** the live BTC source against `replay`, REST refreshes left to the test */
  open(replay: VenueReplay, stream: { url: string; pingMs: number; reconnect: typeof FAST_BACKOFF }): unknown;
  /** pushes one frame moving a few options of `snapshot`, stamped `ts`; `frame` mangles its text */
  pushSome(replay: VenueReplay, snapshot: ChainSnapshot, ts: number, frame?: (text: string) => string): void;
}

export interface StreamedVenueContext {
  readonly replay: VenueReplay;
  /** opens the source (closed after the test); `pingMs` 0 sends no pings */
  open(pingMs?: number): StreamedVenueSource<unknown>;
}

/**
 * The behaviour every streamed venue source shares, run against the venue's replay server, plus
 * the venue's own tests (`specific`) in the same describe with the same server and set-up.
 */
export function streamedVenueSuite(h: StreamedVenueHarness, specific: (ctx: StreamedVenueContext) => void): void {
  describe(h.title, () => {
    let replay: VenueReplay;
    let source: StreamedVenueSource<unknown> | undefined;
    beforeAll(async () => {
      replay = await h.start();
    });
    afterAll(async () => {
      await replay.close();
    });
    afterEach(() => {
      source?.close();
      source = undefined;
      replay.clearFaults();
    });
    const ctx: StreamedVenueContext = {
      get replay() {
        return replay;
      },
      open(pingMs = 0) {
        source = h.open(replay, { url: replay.wsUrl, pingMs, reconnect: FAST_BACKOFF }) as StreamedVenueSource<unknown>;
        return source;
      },
    };
    const subscribed = async () => {
      const s = ctx.open();
      await s.polled;
      await waitFor(() => s.status().state === 'ok', 'the subscription');
      return s;
    };

    it('shows stale while the WebSocket is dropped, reconnects, subscribes again and is ok', async () => {
      const s = await subscribed();
      const connections = replay.wsStats.connections;
      let sawStale = false;
      s.subscribe(() => {
        if (s.status().state === 'stale') sawStale = true;
      });
      replay.dropWs();
      await waitFor(() => sawStale, 'the stale state');
      expect(s.status().reason).toMatch(/stream down/);
      expect(s.current()).toBeDefined();
      await waitFor(() => replay.wsStats.connections > connections && s.status().state === 'ok', 'the reconnection');
      expect(s.streamStats.reconnects).toBeGreaterThan(0);
    });

    it('skips malformed and truncated frames with a count and keeps applying the next pushes', async () => {
      const s = await subscribed();
      const { version, snapshot } = s.current()!;
      h.pushSome(replay, snapshot, snapshot.asOf + 1, () => '<html>502</html>');
      h.pushSome(replay, snapshot, snapshot.asOf + 1, (t) => t.slice(0, t.length / 2));
      h.pushSome(replay, snapshot, snapshot.asOf + 2);
      await waitFor(() => (s.current()?.version ?? 0) > version, 'the good push');
      expect(s.current()!.version).toBe(version + 1);
      expect(s.current()!.snapshot.asOf).toBe(snapshot.asOf + 2);
      expect(s.streamStats.protocolErrors).toBe(2);
      expect(s.status().state).toBe('ok');
    });

    it('is down with the reason while the first REST snapshot is rate-limited, subscribes nothing, then is ok after a refresh', async () => {
      replay.faults.http429 = 100;
      const s = ctx.open();
      await s.polled;
      expect(s.status()).toMatchObject({ state: 'down', reason: expect.stringContaining('HTTP 429') });
      expect(s.streamStats.connections).toBe(0);
      replay.clearFaults();
      await s.refresh();
      await waitFor(() => s.status().state === 'ok', 'recovery');
    });

    specific(ctx);
  });
}
