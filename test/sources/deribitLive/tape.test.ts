import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../../src/chain/types.js';
import { flowPositions } from '../../../src/positioning/flow.js';
import { deribitMarket } from '../../../src/sources/deribit/live/market.js';
import { backfillTrades, type TapeCursor } from '../../../src/sources/deribit/tape/backfill.js';
import type { TapeTrade } from '../../../src/sources/deribit/tape/parse.js';
import { TradeTape } from '../../../src/sources/deribit/tape/tape.js';
import { SourceError } from '../../../src/sources/venue/errors.js';
import {
  type DeribitReplay,
  linearMarketFromBtc,
  type ReplayMarket,
  recordedBtcMarket,
  startDeribitReplay,
} from '../../support/deribitReplay/index.js';
import { fastHttp, freshSnapshot } from './helpers.js';

let replay: DeribitReplay;
let btc: ReplayMarket;
let snapshot: ChainSnapshot;
const BTC = deribitMarket('BTC');

beforeAll(async () => {
  btc = recordedBtcMarket({ historyTrades: 2500, historyHours: 48 });
  replay = await startDeribitReplay({
    markets: [btc, linearMarketFromBtc({ base: 'SOL', scale: 500, contractSize: 10 })],
  });
  snapshot = await freshSnapshot(replay);
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  replay.clearFaults();
});

const ids = (trades: readonly { tradeId: string }[]) => trades.map((t) => t.tradeId);
const historyIds = (m: ReplayMarket, from: number, to: number) =>
  m.history.filter((t) => Number(t.timestamp) >= from && Number(t.timestamp) <= to).map((t) => String(t.trade_id));

describe('trade tape backfill (get_last_trades_by_currency_and_time, oldest first)', () => {
  it('reads every trade of the window once, in order, across pages that split a millisecond', async () => {
    const from = btc.clock - 48 * 3_600_000;
    const cursors: TapeCursor[] = [];
    const { trades, pages, cursor } = await backfillTrades(fastHttp(replay), {
      market: BTC,
      from,
      to: btc.clock,
      pageSize: 7,
      onPage: (page) => {
        cursors.push(page.cursor);
      },
    });
    const want = historyIds(btc, from, btc.clock);
    expect(want.length).toBe(2500);
    expect(ids(trades)).toEqual(want);
    expect(pages).toBeGreaterThanOrEqual(2500 / 7);
    expect(cursor?.timestamp).toBe(Number(btc.history[btc.history.length - 1]?.timestamp));
    // some pages really ended inside a millisecond that the next page had to finish
    const atStamp = (ts: number) => btc.history.filter((t) => Number(t.timestamp) === ts).length;
    expect(cursors.filter((c) => atStamp(c.timestamp) > c.tradeIds.length).length).toBeGreaterThan(0);
  });

  it('resumes from its cursor after giving up on rate limits, without a gap or a repeat', async () => {
    const from = btc.clock - 48 * 3_600_000;
    const got: TapeTrade[] = [];
    let cursor: TapeCursor | undefined;
    let pages = 0;
    const http = fastHttp(replay, { retries: 1 });
    const first = backfillTrades(http, {
      market: BTC,
      from,
      to: btc.clock,
      pageSize: 100,
      onPage: (page) => {
        got.push(...page.trades);
        cursor = page.cursor;
        if (++pages === 7) replay.faults.http429 = 1000;
      },
    });
    await expect(first).rejects.toMatchObject({ kind: 'rate-limited' });
    await first.catch((e: unknown) => expect(e).toBeInstanceOf(SourceError));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(2500);
    replay.clearFaults();
    const rest = await backfillTrades(fastHttp(replay), {
      market: BTC,
      from,
      to: btc.clock,
      pageSize: 100,
      ...(cursor ? { cursor } : {}),
    });
    const all = [...ids(got), ...ids(rest.trades)];
    expect(all).toEqual(historyIds(btc, from, btc.clock));
  });

  it('keeps only the chain’s trades from the USDC umbrella', async () => {
    const sol = deribitMarket('SOL');
    const m = replay.markets[1] as ReplayMarket;
    const { trades } = await backfillTrades(fastHttp(replay), { market: sol, from: 0, to: m.clock, pageSize: 1000 });
    expect(trades.length).toBe(300);
    expect(trades.every((t) => t.instrument.startsWith('SOL_USDC-'))).toBe(true);
  });
});

describe('flow positions from a backfilled tape', () => {
  it('equal minus the net taker buying per option, bounded by open interest, computed from the venue’s own trades', async () => {
    const from = btc.clock - 48 * 3_600_000;
    const tape = new TradeTape();
    tape.add((await backfillTrades(fastHttp(replay), { market: BTC, from, to: btc.clock })).trades);
    const flow = flowPositions(snapshot.options, tape.flowByInstrument());
    // independently: straight from the server's trade list
    const net = new Map<string, number>();
    for (const t of btc.history) {
      const name = String(t.instrument_name);
      net.set(name, (net.get(name) ?? 0) + (t.direction === 'buy' ? 1 : -1) * Number(t.amount));
    }
    let checked = 0;
    let capped = 0;
    for (const o of snapshot.options) {
      const n = net.get(o.instrument);
      if (n === undefined) {
        expect(flow.positions[o.instrument]).toBeUndefined();
        continue;
      }
      const want = -Math.max(-o.openInterest, Math.min(o.openInterest, n));
      if (Math.abs(n) > o.openInterest) capped++;
      expect(flow.positions[o.instrument]).toBeCloseTo(want, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(600);
    expect(flow.coverage.capped).toBe(capped);
    expect(flow.coverage.trades).toBe(2500);
    expect(flow.coverage.blockTrades).toBe(btc.history.filter((t) => t.block_trade_id !== undefined).length);
    expect(flow.coverage.firstTrade).toBe(Number(btc.history[0]?.timestamp));
    expect(flow.coverage.share).toBeGreaterThan(0);
    expect(flow.coverage.share).toBeLessThan(1);
  });
});
