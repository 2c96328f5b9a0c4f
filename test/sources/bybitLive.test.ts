import { expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { bybitLiveFeed } from '../../src/sources/bybit/liveFeed.js';
import { BYBIT_ARGS_CHARS, bybitSubscribeRequests, classifyBybitMessage } from '../../src/sources/bybit/messages.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { bybitHttp } from '../../src/sources/bybit/rest.js';
import { venueCapture } from '../support/venueCaptures.js';
import {
  bybitOversized,
  bybitPayloads,
  bybitPings,
  bybitRefusedTopics,
  bybitSubscriptions,
  bybitWsTicker,
  pushBybitTickers,
  startBybitReplay,
} from '../support/venueReplay/bybit.js';
import { waitFor } from './deribitLive/helpers.js';
import { dataChanges, healthy, streamedVenueSuite } from './streamedVenueSuite.js';

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
      bybitLiveFeed({
        currency: 'BTC',
        http: bybitHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
        stream,
        restMs: 3_600_000,
      }),
    pushSome: (replay, snapshot, ts, frame) =>
      pushBybitTickers(replay, movedTickers(snapshot, 1, 0.02).map(asPush), ts, frame),
  },
  (ctx) => {
    it('subscribes every option of the snapshot, each request within Bybit’s 21,000 characters of args', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const names = s.current()!.options.map((o) => `tickers.${o.instrument}`);
      await waitFor(
        () => ctx.replay.wsClients().some((c) => bybitSubscriptions.get(c)?.size === names.length),
        'all topics',
      );
      const topics = bybitSubscriptions.get(ctx.replay.wsClients()[0]!)!;
      expect([...topics].sort()).toEqual([...names].sort());
      const requests = bybitSubscribeRequests(s.current()!.options.map((o) => o.instrument));
      for (const r of requests) {
        expect(JSON.stringify((JSON.parse(r) as { args: string[] }).args).length).toBeLessThanOrEqual(BYBIT_ARGS_CHARS);
      }
      expect(bybitOversized.count).toBe(0);
    });

    it('is ok on the option stream’s COMMAND_RESP answer (no op field), and its backoff starts over after each', async () => {
      const lines: string[] = [];
      const s = bybitLiveFeed({
        currency: 'BTC',
        http: bybitHttp({ baseUrl: ctx.replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
        stream: { url: ctx.replay.wsUrl, pingMs: 0, reconnect: { initialMs: 5, maxMs: 1000, factor: 4, jitter: 0 } },
        restMs: 3_600_000,
        log: (l) => lines.push(l),
      });
      try {
        await s.start();
        for (let drop = 1; drop <= 3; drop++) {
          await waitFor(() => healthy(s), `the subscription before drop ${drop}`);
          ctx.replay.dropWs();
          await waitFor(() => lines.length === drop, `the reconnection log of drop ${drop}`);
        }
        await waitFor(() => healthy(s), 'the last subscription');
        // without the acknowledgement the delays would grow 5, 20, 80 ms
        expect(lines.map((l) => /reconnecting in (\d+) ms/.exec(l)?.[1])).toEqual(['5', '5', '5']);
      } finally {
        await s.stop();
      }
    });

    it('reports the topics Bybit lists in failTopics in the status, counted, and stays ok with the rest', async () => {
      const p = bybitPayloads();
      const first = parseBybitChain({ instruments: p.pages, tickers: p.tickers, source: '' }).options[0]!;
      const refused = `tickers.${first.instrument}`;
      bybitRefusedTopics.add(refused);
      try {
        const s = ctx.open();
        await s.start();
        await waitFor(() => healthy(s) && s.refusedTopics.length > 0, 'the refusal');
        expect(s.refusedTopics).toEqual([refused]);
        expect(s.health().note).toContain(`refused 1 stream subscriptions ("${refused}")`);
      } finally {
        bybitRefusedTopics.clear();
      }
    });

    it('writes pushes so that the live snapshot equals a REST snapshot of the moved market', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const before = s.current()!;
      const changes = dataChanges(s);
      const moved = movedTickers(before, 5, 0.05);
      const ts = before.asOf + 1000;
      pushBybitTickers(ctx.replay, moved.map(asPush), ts);
      await waitFor(() => changes() >= moved.length, 'the pushes');
      const after = s.current()!;
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
      expect(after.options.filter((o, i) => o.iv !== before.options[i]!.iv)).toHaveLength(5);
    });

    it('reads the captured option frames: COMMAND_RESP as an acknowledgement with its topics, the pong, a tickers push', () => {
      const control = venueCapture('bybit', 'ws-option-control-frames-doc.json');
      expect(classifyBybitMessage(JSON.stringify(control.subscribe_ack_option))).toEqual({
        kind: 'subscribed',
        topics: { accepted: ['orderbook.100.BTC-6JAN23-18000-C'], refused: [] },
      });
      const refused = { ...control.subscribe_ack_option, data: { successTopics: [], failTopics: ['tickers.X'] } };
      expect(classifyBybitMessage(JSON.stringify(refused))).toMatchObject({ topics: { refused: ['tickers.X'] } });
      expect(classifyBybitMessage(JSON.stringify(control.pong_option))).toEqual({ kind: 'other' });
      const [sol] = venueCapture('bybit', 'ws-tickers-option-2023-04-tardis.json');
      expect(classifyBybitMessage(JSON.stringify(sol))).toEqual({
        kind: 'push',
        payload: {
          name: 'SOL-28APR23-24-C',
          ts: 1680652810254,
          markIv: 1.4674,
          forward: 20.93,
          index: 20.93,
          openInterest: 20,
          markPrice: 1.99054639,
        },
      });
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
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const pings = bybitPings.count;
      await waitFor(() => bybitPings.count > pings, 'a ping');
      expect(healthy(s)).toBe(true);
      expect(s.streamStats.connections).toBe(1);
    });
  },
);
