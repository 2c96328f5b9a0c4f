import { expect, it } from 'vitest';
import { binanceLiveFeed } from '../../src/sources/binance/liveFeed.js';
import {
  BINANCE_EOPTIONS_WS_URL,
  BINANCE_OPTIONS_WS_URL,
  binanceStreams,
  classifyBinanceMessage,
} from '../../src/sources/binance/messages.js';
import { parseBinanceChain } from '../../src/sources/binance/parse.js';
import { binanceHttp } from '../../src/sources/binance/rest.js';
import { venueCapture } from '../support/venueCaptures.js';
import {
  BINANCE_INDEX_STREAM,
  BINANCE_MARK_STREAM,
  type BinanceWsMark,
  binancePayloads,
  binanceSubscriptions,
  pushBinanceIndex,
  pushBinanceMarks,
  startBinanceReplay,
} from '../support/venueReplay/binance.js';
import { waitFor } from './deribitLive/helpers.js';
import { dataChanges, healthy, streamedVenueSuite } from './streamedVenueSuite.js';

type RestMark = Record<string, string>;

/** The REST marks with the first `n` moved (markIV up; the rates are REST's and stay), and the index moved. */
function movedMarket(n: number) {
  const p = binancePayloads();
  const marks = (p.marks as RestMark[]).map((r, i) => (i < n ? { ...r, markIV: String(Number(r.markIV) + 0.05) } : r));
  const index = String(Number(p.index.indexPrice) + 75);
  return { p, marks, index };
}

const asWs = (r: RestMark, index: string): BinanceWsMark => ({
  symbol: r.symbol as string,
  markPrice: '12.5',
  markIv: r.markIV as string,
  index,
});

streamedVenueSuite(
  {
    title: 'Binance live source: REST snapshot plus the markPrice and index WebSocket streams',
    start: () => startBinanceReplay(),
    open: (replay, stream) =>
      binanceLiveFeed({
        currency: 'BTC',
        http: binanceHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
        stream,
        restMs: 3_600_000,
      }),
    pushSome: (replay, _snapshot, ts, frame) => {
      const { marks, index } = movedMarket(1);
      pushBinanceMarks(
        replay,
        marks.slice(0, 3).map((r) => asWs(r, index)),
        ts,
        frame,
      );
    },
  },
  (ctx) => {
    it('subscribes btcusdt@optionMarkPrice and !index@arr with the documented request', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const streams = binanceSubscriptions.get(ctx.replay.wsClients()[0]!);
      expect([...(streams ?? [])].sort()).toEqual([BINANCE_INDEX_STREAM, BINANCE_MARK_STREAM].sort());
    });

    it('writes pushes so that the live snapshot equals a REST snapshot of the moved market', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const before = s.current()!;
      const changes = dataChanges(s);
      const { p, marks, index } = movedMarket(5);
      const ts = before.asOf + 1000;
      pushBinanceMarks(
        ctx.replay,
        marks.map((r) => asWs(r, index)),
        ts,
      );
      pushBinanceIndex(ctx.replay, index, ts);
      await waitFor(() => changes() >= 2, 'the pushes');
      const after = s.current()!;
      const expected = parseBinanceChain({
        exchangeInfo: p.exchangeInfo,
        marks,
        openInterest: [...p.oiByExpiry.values()],
        index: { time: ts, indexPrice: index },
        underlying: 'BTCUSDT',
        source: after.source,
      });
      expect(after).toEqual(expected);
      expect(after.options.filter((o, i) => o.iv !== before.options[i]!.iv).length).toBeGreaterThan(0);
      expect(after.spot).not.toBe(before.spot);
    });

    it('keeps each forward exactly where the REST poll put it on a frame at the same index and instant, whose rf is the recorded "0.0"', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const before = s.current()!;
      const changes = dataChanges(s);
      const p = binancePayloads();
      pushBinanceMarks(
        ctx.replay,
        (p.marks as RestMark[]).map((r) => asWs(r, p.index.indexPrice)),
        before.asOf,
      );
      await waitFor(() => changes() > 0, 'the frame');
      const after = s.current()!;
      expect(after.options.map((o) => o.forward)).toEqual(before.options.map((o) => o.forward));
      // the REST rates are not zero: a forward from the stream's rf would have fallen to the index
      expect(after.options.some((o) => Math.abs(o.forward - after.spot) > 1)).toBe(true);
    });

    it('reads the recorded option frames: the v2 markPrice row (rf not used), the first-generation index event', () => {
      const [xrp] = venueCapture('binance', 'ws-v2-market-2025-12-tardis.json');
      expect(classifyBinanceMessage(JSON.stringify(xrp))).toEqual({
        kind: 'push',
        payload: {
          kind: 'marks',
          rows: [{ name: 'XRP-251219-2.05-P', ts: 1765983420260, markIv: 2.6, markPrice: 19.0314, index: 1.96239445 }],
        },
      });
      const [btcIndex] = venueCapture('binance', 'ws-v1-eoptions-2023-10-tardis.json');
      expect(classifyBinanceMessage(JSON.stringify(btcIndex), 'BTCUSDT')).toEqual({
        kind: 'push',
        payload: { kind: 'index', ts: 1696118400040, index: 26963.13461538 },
      });
    });

    it('reads the combined-stream wrapper and refuses an error answer', () => {
      const wrapped = classifyBinanceMessage(
        JSON.stringify({ stream: 'BTCUSDT@index', data: { e: 'index', E: 1764547200007, s: 'BTCUSDT', p: '100.5' } }),
      );
      expect(wrapped).toEqual({ kind: 'push', payload: { kind: 'index', ts: 1764547200007, index: 100.5 } });
      expect(classifyBinanceMessage(JSON.stringify({ error: { code: 2, msg: 'bad' }, id: 1 })).kind).toBe('error');
    });

    it('names the streams of either endpoint generation, and reads the index of the asked underlying from the array', () => {
      expect(binanceStreams('BTCUSDT', BINANCE_OPTIONS_WS_URL)).toEqual(['btcusdt@optionMarkPrice', '!index@arr']);
      expect(binanceStreams('BTCUSDT', BINANCE_EOPTIONS_WS_URL)).toEqual(['BTC@markPrice', 'BTCUSDT@index']);
      const all = JSON.stringify([
        { e: 'indexPrice', E: 1764547200009, s: 'ETHUSDT', p: '3224.5' },
        { e: 'indexPrice', E: 1764547200009, s: 'BTCUSDT', p: '99102.3' },
      ]);
      expect(classifyBinanceMessage(all, 'BTCUSDT')).toEqual({
        kind: 'push',
        payload: { kind: 'index', ts: 1764547200009, index: 99102.3 },
      });
      expect(classifyBinanceMessage(all, 'SOLUSDT').kind).toBe('other');
    });
  },
);
