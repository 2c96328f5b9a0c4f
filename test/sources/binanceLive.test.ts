import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binanceLiveSource } from '../../src/server/binanceSource.js';
import type { StreamedVenueSource } from '../../src/server/streamedSource.js';
import { classifyBinanceMessage } from '../../src/sources/binance/messages.js';
import { parseBinanceChain } from '../../src/sources/binance/parse.js';
import { binanceHttp } from '../../src/sources/binance/rest.js';
import {
  type BinanceWsMark,
  binancePayloads,
  binanceSubscriptions,
  pushBinanceIndex,
  pushBinanceMarks,
  startBinanceReplay,
} from '../support/venueReplay/binance.js';
import type { VenueReplay } from '../support/venueReplay/server.js';
import { waitFor } from './deribitLive/helpers.js';

let replay: VenueReplay;
let source: StreamedVenueSource<unknown> | undefined;
const FAST = { initialMs: 5, maxMs: 40, factor: 2, jitter: 0.5 };

beforeAll(async () => {
  replay = await startBinanceReplay();
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  source?.close();
  source = undefined;
  replay.clearFaults();
});

function open() {
  const s = binanceLiveSource({
    currency: 'BTC',
    http: binanceHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
    stream: { url: replay.wsUrl, pingMs: 0, reconnect: FAST },
    restMs: 3_600_000,
  });
  source = s as StreamedVenueSource<unknown>;
  return s;
}

type RestMark = Record<string, string>;

/** The REST marks with the first `n` moved (markIV up, riskFreeInterest up), and the index moved. */
function movedMarket(n: number) {
  const p = binancePayloads();
  const marks = (p.marks as RestMark[]).map((r, i) =>
    i < n
      ? { ...r, markIV: String(Number(r.markIV) + 0.05), riskFreeInterest: String(Number(r.riskFreeInterest) + 0.01) }
      : r,
  );
  const index = String(Number(p.index.indexPrice) + 75);
  return { p, marks, index };
}

const asWs = (r: RestMark, index: string): BinanceWsMark => ({
  symbol: r.symbol as string,
  markPrice: '12.5',
  markIv: r.markIV as string,
  index,
  rate: r.riskFreeInterest as string,
});

describe('Binance live source: REST snapshot plus the markPrice and index WebSocket streams', () => {
  it('subscribes BTC@markPrice and BTCUSDT@index with the documented request', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the subscription');
    const streams = binanceSubscriptions.get(replay.wsClients()[0]!);
    expect([...(streams ?? [])].sort()).toEqual(['BTC@markPrice', 'BTCUSDT@index']);
  });

  it('writes pushes so that the live snapshot equals a REST snapshot of the moved market', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the subscription');
    const before = s.current()!;
    const { p, marks, index } = movedMarket(5);
    const ts = before.snapshot.asOf + 1000;
    pushBinanceMarks(
      replay,
      marks.map((r) => asWs(r, index)),
      ts,
    );
    pushBinanceIndex(replay, index, ts);
    await waitFor(() => (s.current()?.version ?? 0) >= before.version + 2, 'the pushes');
    const after = s.current()!.snapshot;
    const expected = parseBinanceChain({
      exchangeInfo: p.exchangeInfo,
      marks,
      openInterest: [...p.oiByExpiry.values()],
      index: { time: ts, indexPrice: index },
      underlying: 'BTCUSDT',
      source: after.source,
    });
    expect(after).toEqual(expected);
    expect(after.options.filter((o, i) => o.iv !== before.snapshot.options[i]!.iv).length).toBeGreaterThan(0);
    expect(after.spot).not.toBe(before.snapshot.spot);
  });

  it('reads the combined-stream wrapper and refuses an error answer', () => {
    const wrapped = classifyBinanceMessage(
      JSON.stringify({ stream: 'BTCUSDT@index', data: { e: 'index', E: 7, s: 'BTCUSDT', p: '100.5' } }),
    );
    expect(wrapped).toEqual({ kind: 'push', payload: { kind: 'index', ts: 7, index: 100.5 } });
    expect(classifyBinanceMessage(JSON.stringify({ error: { code: 2, msg: 'bad' }, id: 1 })).kind).toBe('error');
  });

  it('shows stale while the WebSocket is dropped, reconnects, subscribes again and is ok', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the first subscription');
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
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the subscription');
    const v = s.current()!.version;
    const { marks, index } = movedMarket(1);
    const rows = marks.slice(0, 3).map((r) => asWs(r, index));
    const at = s.current()!.snapshot.asOf;
    pushBinanceMarks(replay, rows, at + 1, () => '<html>502</html>');
    pushBinanceMarks(replay, rows, at + 1, (t) => t.slice(0, t.length / 2));
    pushBinanceMarks(replay, rows, at + 2);
    await waitFor(() => (s.current()?.version ?? 0) > v, 'the good push');
    expect(s.current()!.version).toBe(v + 1);
    expect(s.current()!.snapshot.asOf).toBe(at + 2);
    expect(s.streamStats.protocolErrors).toBe(2);
    expect(s.status().state).toBe('ok');
  });

  it('is down with the reason while the first REST snapshot is rate-limited, then ok after a refresh', async () => {
    replay.faults.http429 = 100;
    const s = open();
    await s.polled;
    expect(s.status()).toMatchObject({ state: 'down', reason: expect.stringContaining('HTTP 429') });
    replay.clearFaults();
    await s.refresh();
    await waitFor(() => s.status().state === 'ok', 'recovery');
  });
});
