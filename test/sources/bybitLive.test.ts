import { expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { bybitLiveSource } from '../../src/server/bybitSource.js';
import { bybitSubscribeRequests, classifyBybitMessage } from '../../src/sources/bybit/messages.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { bybitHttp } from '../../src/sources/bybit/rest.js';
import {
  bybitPayloads,
  bybitPings,
  bybitSubscriptions,
  bybitWsTicker,
  pushBybitTickers,
  startBybitReplay,
} from '../support/venueReplay/bybit.js';
import { waitFor } from './deribitLive/helpers.js';
import { streamedVenueSuite } from './streamedVenueSuite.js';

type RestTicker = Record<string, string>;

/** The REST tickers of the first `n` options of `snapshot`, moved: markIv, forward and OI up. */
function movedTickers(snapshot: ChainSnapshot, n: number, volUp: number): RestTicker[] {
  const names = new Set(snapshot.options.slice(0, n).map((o) => o.instrument));
  const rows = (bybitPayloads().tickers.result as { list: RestTicker[] }).list.filter((r) =>
    names.has(r.symbol as string),
  );
  return rows.map((r) => ({
    ...r,
    markIv: String(Number(r.markIv) + volUp),
    underlyingPrice: String(Number(r.underlyingPrice) * 1.01),
    openInterest: String(Number(r.openInterest) + 12.5),
    markPrice: '1234.5',
    indexPrice: String(Number(r.indexPrice) + 50),
  }));
}

const asPush = (r: RestTicker) =>
  bybitWsTicker({
    symbol: r.symbol as string,
    markIv: r.markIv as string,
    underlyingPrice: r.underlyingPrice as string,
    indexPrice: r.indexPrice as string,
    openInterest: r.openInterest as string,
    markPrice: r.markPrice as string,
  });

streamedVenueSuite(
  {
    title: 'Bybit live source: REST snapshot plus the tickers.<symbol> WebSocket topics',
    start: () => startBybitReplay(),
    open: (replay, stream) =>
      bybitLiveSource({
        currency: 'BTC',
        http: bybitHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
        stream,
        restMs: 3_600_000,
      }),
    pushSome: (replay, snapshot, ts, frame) =>
      pushBybitTickers(replay, movedTickers(snapshot, 1, 0.02).map(asPush), ts, frame),
  },
  (ctx) => {
    it('subscribes every option of the snapshot with documented requests of at most 10 topics', async () => {
      const s = ctx.open();
      await s.polled;
      await waitFor(() => s.status().state === 'ok', 'the subscription');
      const names = s.current()!.snapshot.options.map((o) => `tickers.${o.instrument}`);
      await waitFor(
        () => ctx.replay.wsClients().some((c) => bybitSubscriptions.get(c)?.size === names.length),
        'all topics',
      );
      const topics = bybitSubscriptions.get(ctx.replay.wsClients()[0]!)!;
      expect([...topics].sort()).toEqual([...names].sort());
      const requests = bybitSubscribeRequests(s.current()!.snapshot.options.map((o) => o.instrument));
      expect(requests.length).toBe(Math.ceil(names.length / 10));
      for (const r of requests) expect((JSON.parse(r) as { args: string[] }).args.length).toBeLessThanOrEqual(10);
    });

    it('writes pushes so that the live snapshot equals a REST snapshot of the moved market', async () => {
      const s = ctx.open();
      await s.polled;
      await waitFor(() => s.status().state === 'ok', 'the subscription');
      const before = s.current()!;
      const moved = movedTickers(before.snapshot, 5, 0.05);
      const ts = before.snapshot.asOf + 1000;
      pushBybitTickers(ctx.replay, moved.map(asPush), ts);
      await waitFor(() => (s.current()?.version ?? 0) >= before.version + moved.length, 'the pushes');
      const after = s.current()!.snapshot;
      const p = bybitPayloads();
      const list = (p.tickers.result as { list: RestTicker[] }).list.map((r) => {
        const m = moved.find((x) => x.symbol === r.symbol);
        // the venue's index is one number: every REST row carries the moved one
        return m ?? { ...r, indexPrice: moved[0]!.indexPrice as string };
      });
      const expected = parseBybitChain({
        instruments: p.pages,
        tickers: { ...p.tickers, result: { ...p.tickers.result, list }, time: ts },
        source: after.source,
      });
      expect(after).toEqual(expected);
      expect(after.options.filter((o, i) => o.iv !== before.snapshot.options[i]!.iv)).toHaveLength(5);
    });

    it('reads a push carrying only some fields as those fields only', () => {
      const m = classifyBybitMessage(
        JSON.stringify({
          topic: 'tickers.BTC-1JAN30-1-C',
          ts: 1764547200005,
          type: 'snapshot',
          data: { symbol: 'BTC-1JAN30-1-C' },
        }),
      );
      expect(m).toEqual({ kind: 'push', payload: { name: 'BTC-1JAN30-1-C', ts: 1764547200005 } });
    });

    it('sends {"op":"ping"} after silence and stays ok on the pong', async () => {
      const s = ctx.open(20);
      await s.polled;
      await waitFor(() => s.status().state === 'ok', 'the subscription');
      const pings = bybitPings.count;
      await waitFor(() => bybitPings.count > pings, 'a ping');
      expect(s.status().state).toBe('ok');
      expect(s.streamStats.connections).toBe(1);
    });
  },
);
