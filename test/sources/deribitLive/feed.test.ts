import { afterEach, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../../src/analytics/gexReport.js';
import { liveMetricsFor } from '../../../src/analytics/live.js';
import { DeribitLiveFeed, type FeedEvent } from '../../../src/sources/deribit/live/feed.js';
import { TradeTape } from '../../../src/sources/deribit/tape/tape.js';
import {
  type DeribitReplay,
  linearMarketFromBtc,
  type ReplayMarket,
  recordedBtcMarket,
  startDeribitReplay,
} from '../../support/deribitReplay/index.js';
import { venueCapture } from '../../support/venueCaptures.js';
import { expectSameChain, FAST_BACKOFF, fastFeed, freshSnapshot, waitFor } from './helpers.js';

let replay: DeribitReplay | undefined;
let feed: DeribitLiveFeed | undefined;

afterEach(async () => {
  await feed?.close();
  await replay?.close();
  feed = undefined;
  replay = undefined;
});

interface Setup {
  readonly replay: DeribitReplay;
  readonly feed: DeribitLiveFeed;
  readonly market: ReplayMarket;
  readonly events: FeedEvent[];
}

async function start(
  opts: { markets?: ReplayMarket[]; feed?: Parameters<typeof fastFeed>[1]; before?: (r: DeribitReplay) => void } = {},
): Promise<Setup> {
  replay = await startDeribitReplay({
    markets: opts.markets ?? [recordedBtcMarket({ historyTrades: 0 })],
    minHeartbeatSeconds: 0.02,
  });
  opts.before?.(replay);
  const events: FeedEvent[] = [];
  feed = await DeribitLiveFeed.open(fastFeed(replay, { onEvent: (e) => events.push(e), ...opts.feed }));
  const f = feed;
  await waitFor(() => !f.status().stale, 'the feed to go live');
  return { replay, feed: f, market: replay.markets[0] as ReplayMarket, events };
}

/** Waits until the feed has applied everything the market has sent. */
async function caughtUp(s: Setup): Promise<void> {
  await waitFor(
    () => s.feed.chain.asOf === s.market.clock && s.feed.chain.spot === s.market.index && !s.feed.status().stale,
    'the feed to catch up with the market',
  );
}

/** The live chain equals what a fresh REST snapshot says, and so do net GEX, flips and walls. */
async function expectFresh(s: Setup, currency = 'BTC'): Promise<void> {
  const fresh = await freshSnapshot(s.replay, currency);
  expectSameChain(s.feed.snapshot(), fresh);
  const live = liveMetricsFor(s.feed.chain.columnar(), { positioning: { model: 'classic' } });
  const report = buildGexReport(fresh);
  expect(Math.abs(live.netGex - report.netGex)).toBeLessThan(1e-9 * Math.abs(report.netGex));
  expect(live.gammaFlips.length).toBe(report.gammaFlips.length);
  live.gammaFlips.forEach((f, k) => {
    expect(Math.abs(f - (report.gammaFlips[k] as number))).toBeLessThan(1e-7 * f);
  });
  expect([live.callWall, live.putWall]).toEqual([report.callWall, report.putWall]);
}

const restCalls = (r: DeribitReplay) => [...r.stats.http.values()].reduce((a, b) => a + b, 0);

describe('live feed on a healthy stream', () => {
  it('applies index and mark notifications without REST calls and ends equal to a fresh snapshot', async () => {
    const s = await start();
    const before = restCalls(s.replay);
    for (let i = 0; i < 5; i++) s.replay.tick();
    await caughtUp(s);
    expect(restCalls(s.replay)).toBe(before);
    expect(s.feed.chain.asOf).toBe(s.market.clock);
    await expectFresh(s);
    expect(s.feed.status()).toMatchObject({ connected: true, stale: false, staleSince: null, reconnects: 0 });
  });

  it('subscribes to mark prices, the index and instrument states of the chain’s index and currency', async () => {
    const s = await start();
    expect(s.replay.stats.ws.get('public/subscribe')).toBe(1);
    expect(s.replay.clients()).toBe(1);
    expect(s.events.filter((e) => e.type === 'connected')).toHaveLength(1);
  });
});

describe('live feed through faults', () => {
  it('flags staleness while disconnected, reconnects, resubscribes and ends equal to a fresh snapshot', async () => {
    const s = await start();
    s.replay.tick();
    await caughtUp(s);
    s.replay.faults.refuseWebSocket = true;
    s.replay.dropConnections();
    await waitFor(() => s.feed.status().stale, 'staleness');
    const down = s.feed.status();
    expect(down.connected).toBe(false);
    expect(down.staleSince).not.toBeNull();
    expect(down.staleReason).toMatch(/disconnected/);
    for (let i = 0; i < 3; i++) s.replay.tick();
    expect(s.feed.chain.asOf).toBeLessThan(s.market.clock);
    expect(s.feed.status().stale).toBe(true);
    s.replay.faults.refuseWebSocket = false;
    await waitFor(() => !s.feed.status().stale, 'recovery');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
    const up = s.feed.status();
    expect(up.reconnects).toBeGreaterThanOrEqual(1);
    expect(up.resyncs).toBeGreaterThanOrEqual(2);
    expect(s.replay.stats.ws.get('public/subscribe')).toBeGreaterThanOrEqual(2);
  });

  it('retries refused reconnections with capped, jittered exponential delays', async () => {
    const s = await start();
    s.replay.faults.refuseWebSocket = true;
    s.replay.dropConnections();
    await waitFor(() => s.events.filter((e) => e.type === 'disconnected').length >= 6, 'six failed attempts');
    const downs = s.events.filter((e): e is Extract<FeedEvent, { type: 'disconnected' }> => e.type === 'disconnected');
    expect(downs.map((d) => d.attempt).slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const d of downs) {
      const cap = Math.min(FAST_BACKOFF.maxMs, FAST_BACKOFF.initialMs * 2 ** (d.attempt - 1));
      expect(d.retryInMs).toBeLessThanOrEqual(cap);
      expect(d.retryInMs).toBeGreaterThanOrEqual(cap * (1 - FAST_BACKOFF.jitter));
    }
    s.replay.faults.refuseWebSocket = false;
    await waitFor(() => !s.feed.status().stale, 'recovery');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('skips malformed and truncated frames, counts them, repairs from REST and keeps the numbers right', async () => {
    const s = await start();
    s.replay.faults.wsMalformed = 1;
    s.replay.faults.wsTruncated = 2;
    for (let i = 0; i < 3; i++) s.replay.tick();
    await waitFor(() => s.feed.status().protocolErrors >= 3, 'three unreadable frames');
    s.replay.tick();
    await waitFor(() => s.feed.status().resyncs >= 2, 'a repair resync');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
    expect(s.events.some((e) => e.type === 'protocol-error' && /not JSON/.test(e.reason))).toBe(true);
  });

  it('never turns a notification with wrongly typed fields into a number', async () => {
    const s = await start();
    s.replay.faults.wsBadPayload = 2;
    s.replay.tick();
    await waitFor(() => s.feed.status().protocolErrors >= 2, 'two bad payloads');
    expect(Number.isFinite(s.feed.chain.spot)).toBe(true);
    expect(s.feed.snapshot().options.every((o) => Number.isFinite(o.iv) && o.iv > 0)).toBe(true);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('backs off and retries Deribit error 10028 on subscribe', async () => {
    const s = await start({
      before: (r) =>
        Object.assign(r.faults, { rpcError: 2, rpcErrorCode: 10028, rpcErrorMethods: ['public/subscribe'] }),
    });
    expect(s.replay.stats.ws.get('public/subscribe')).toBe(3);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('recovers when the resync after a reconnection meets HTTP 429 and 10028', async () => {
    const s = await start();
    s.replay.faults.http429 = 2;
    Object.assign(s.replay.faults, {
      rpcError: 2,
      rpcErrorCode: 10028,
      rpcErrorMethods: ['public/get_book_summary_by_currency'],
    });
    s.replay.dropConnections();
    await waitFor(() => s.feed.status().stale, 'staleness');
    await waitFor(() => !s.feed.status().stale, 'recovery');
    expect(s.feed.http.stats.rateLimited).toBeGreaterThanOrEqual(4);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('keeps the connection through slow answers, and replaces it when set-up answers time out', async () => {
    const s = await start({ feed: { ws: { reconnect: FAST_BACKOFF, heartbeatSeconds: 0, requestTimeoutMs: 100 } } });
    Object.assign(s.replay.faults, { slowMs: 300, slowCount: 1 });
    s.replay.dropConnections();
    await waitFor(
      () => s.events.filter((e) => e.type === 'disconnected').length >= 2,
      'the timed-out set-up to be dropped',
    );
    expect(s.events.some((e) => e.type === 'disconnected' && /no answer within 100 ms/.test(e.reason))).toBe(true);
    await waitFor(() => !s.feed.status().stale, 'recovery');
    Object.assign(s.replay.faults, { slowMs: 30, slowCount: 6 });
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('drops a connection that goes silent and comes back on a new one', async () => {
    const s = await start({ feed: { ws: { reconnect: FAST_BACKOFF, heartbeatSeconds: 0, silenceMs: 60 } } });
    await waitFor(() => s.feed.status().reconnects >= 1, 'the silent connection to be replaced');
    expect(s.events.some((e) => e.type === 'disconnected' && /silent for 60 ms/.test(e.reason))).toBe(true);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });
});

describe('heartbeats', () => {
  it('answers every test_request with public/test and keeps the connection', async () => {
    const s = await start({ feed: { ws: { reconnect: FAST_BACKOFF, heartbeatSeconds: 0.3 } } });
    await waitFor(() => s.replay.stats.testAnswers >= 3, 'three answered test requests');
    expect(s.replay.stats.heartbeatClosures).toBe(0);
    expect(s.feed.status().reconnects).toBe(0);
    expect(s.feed.status().testRequestsAnswered).toBeGreaterThanOrEqual(2);
  });

  it('reconnects when the venue closes the connection over an unanswered test_request', async () => {
    const s = await start({ feed: { ws: { reconnect: FAST_BACKOFF, heartbeatSeconds: 0.1 } } });
    s.replay.faults.deafToTests = true;
    await waitFor(() => s.replay.stats.heartbeatClosures >= 1, 'the venue to close the connection');
    s.replay.faults.deafToTests = false;
    await waitFor(() => s.feed.status().reconnects >= 1 && !s.feed.status().stale, 'a new live connection');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });
});

describe('instrument life cycle during the stream', () => {
  it('takes out an option settled mid-stream', async () => {
    const s = await start();
    const name = 'BTC-21NOV25-95000-C';
    expect(s.feed.chain.has(name)).toBe(true);
    s.replay.instrumentState(s.market, name, 'settled');
    await waitFor(() => !s.feed.chain.has(name), 'the settled option to leave');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('reads a state beyond the five known (the captured "halted") without a payload error or a resync, keeping the option', async () => {
    const s = await start();
    const name = 'BTC-21NOV25-95000-C';
    const { state } = venueCapture('deribit', 'ws-docs-examples.json')['instrument.state_seen_in_public_test'].params
      .data;
    const before = s.feed.status();
    s.replay.instrumentState(s.market, name, state);
    await waitFor(() => s.events.some((e) => e.type === 'instrument-state' && e.state === 'halted'), 'the halt');
    s.replay.tick();
    await caughtUp(s);
    expect(s.feed.chain.has(name)).toBe(true);
    expect(s.feed.status()).toMatchObject({ resyncs: before.resyncs, protocolErrors: before.protocolErrors });
    expect(s.events.some((e) => e.type === 'protocol-error')).toBe(false);
    await expectFresh(s);
  });

  it('takes out a deactivated option as inactive', async () => {
    const s = await start();
    const name = 'BTC-21NOV25-95000-C';
    s.replay.instrumentState(s.market, name, 'deactivated');
    await waitFor(() => !s.feed.chain.has(name), 'the deactivated option to leave');
    expect(s.events.some((e) => e.type === 'protocol-error')).toBe(false);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('drops a whole expiry when the clock passes 08:00 UTC of its day', async () => {
    const s = await start();
    const expiry = Date.parse('2025-11-20T08:00:00Z');
    s.replay.tick({ advanceMs: expiry - s.market.clock });
    await caughtUp(s);
    expect(s.feed.snapshot().options.some((o) => o.expiry === expiry)).toBe(false);
    await expectFresh(s);
  });

  it('picks up a new listing by resynchronising the instruments', async () => {
    const s = await start();
    const name = s.market.list('BTC-26DEC25-144000-C', 152_000);
    s.market.setOpenInterest(name, 12.5);
    s.replay.instrumentState(s.market, name, 'created');
    await waitFor(() => s.feed.chain.has(name), 'the new option');
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });

  it('refreshes open interest by polling the book summary, without going stale', async () => {
    const s = await start({ feed: { openInterestPollMs: 25 } });
    const name = 'BTC-26DEC25-144000-C';
    s.market.setOpenInterest(name, 9999);
    await waitFor(
      () => s.feed.snapshot().options.find((o) => o.instrument === name)?.openInterest === 9999,
      'the new OI',
    );
    expect(s.feed.status().polls).toBeGreaterThanOrEqual(1);
    expect(s.events.some((e) => e.type === 'disconnected')).toBe(false);
    s.replay.tick();
    await caughtUp(s);
    await expectFresh(s);
  });
});

describe('trade tape from the stream', () => {
  it('records streamed trades once each, and fills the gap left by a disconnection from REST', async () => {
    const tape = new TradeTape();
    const s = await start({ feed: { tape } });
    const from = s.market.clock;
    s.replay.tick({ trades: 4 });
    await waitFor(() => tape.size === 4, 'four streamed trades');
    s.replay.faults.refuseWebSocket = true;
    s.replay.dropConnections();
    await waitFor(() => s.feed.status().stale, 'staleness');
    for (let i = 0; i < 3; i++) s.replay.tick({ trades: 5 });
    s.replay.faults.refuseWebSocket = false;
    await waitFor(() => !s.feed.status().stale, 'recovery');
    s.replay.tick({ trades: 2 });
    const printed = s.market.history.filter((t) => Number(t.timestamp) > from).map((t) => String(t.trade_id));
    expect(printed).toHaveLength(21);
    await waitFor(() => tape.size === 21, 'all 21 trades on the tape');
    expect(
      tape
        .trades()
        .map((t) => t.tradeId)
        .sort(),
    ).toEqual([...printed].sort());
  });
});

describe('trade channel without authorisation', () => {
  it('falls back from trades.option.BTC.raw to the 100 ms channel when the venue keeps raw for authorised connections', async () => {
    const tape = new TradeTape();
    const s = await start({
      feed: { tape },
      before: (r) =>
        Object.assign(r.faults, {
          rpcError: 1,
          rpcErrorCode: 13778,
          rpcErrorMessage: 'raw_subscriptions_not_available_for_unauthorized',
          rpcErrorMethods: ['public/subscribe'],
        }),
    });
    expect(s.events).toContainEqual({
      type: 'trades-interval',
      from: 'trades.option.BTC.raw',
      to: 'trades.option.BTC.100ms',
    });
    s.replay.tick({ trades: 3 });
    await waitFor(() => tape.size === 3, 'three trades from the 100 ms channel');
    await caughtUp(s);
    await expectFresh(s);
  });
});

describe('USDC-settled chains', () => {
  it('follows SOL_USDC on the shared USDC channels and ignores the other chains there', async () => {
    const sol = linearMarketFromBtc({ base: 'SOL', scale: 500, contractSize: 10 });
    const xrp = linearMarketFromBtc({ base: 'XRP', scale: 40_000, contractSize: 1000, tradeIdBase: 2_000_000 });
    const tape = new TradeTape();
    const s = await start({ markets: [sol, xrp], feed: { currency: 'SOL', tape } });
    for (let i = 0; i < 3; i++) s.replay.tick({ trades: 3 });
    s.replay.instrumentState(xrp, 'XRP_USDC-21NOV25-2d375-C', 'settled');
    await caughtUp(s);
    await waitFor(() => tape.size > 0, 'SOL trades');
    expect(tape.trades().every((t) => t.instrument.startsWith('SOL_USDC-'))).toBe(true);
    expect(s.feed.snapshot().options.every((o) => o.instrument.startsWith('SOL_USDC-'))).toBe(true);
    await expectFresh(s, 'SOL');
  });
});

describe('closing', () => {
  it('closes the connection and does not come back', async () => {
    const s = await start();
    await s.feed.close();
    await waitFor(() => s.replay.clients() === 0, 'the server to see the close');
    s.replay.tick();
    await new Promise((r) => setTimeout(r, 30));
    expect(s.replay.stats.wsConnections).toBe(1);
    expect(s.feed.status()).toMatchObject({ connected: false, stale: true, staleReason: 'closed' });
  });
});
