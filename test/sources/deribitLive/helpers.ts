import { expect } from 'vitest';
import type { ChainSnapshot } from '../../../src/chain/types.js';
import type { DeribitLiveFeedOptions } from '../../../src/sources/deribit/live/feed.js';
import { DeribitHttp, type DeribitHttpOptions } from '../../../src/sources/deribit/live/http.js';
import { deribitMarket } from '../../../src/sources/deribit/live/market.js';
import { fetchDeribitSnapshot } from '../../../src/sources/deribit/live/snapshot.js';
import type { BackoffPolicy } from '../../../src/sources/venue/backoff.js';
import type { DeribitReplay } from '../../support/deribitReplay/index.js';

/** Short, deterministic-enough delays for tests: milliseconds instead of seconds (request timeouts stay generous: a loaded CI machine must not turn an answer into a timeout). */
export const FAST_BACKOFF: BackoffPolicy = { initialMs: 5, maxMs: 40, factor: 2, jitter: 0.5 };

export function fastHttp(replay: DeribitReplay, extra: Partial<DeribitHttpOptions> = {}): DeribitHttp {
  return new DeribitHttp({
    baseUrl: replay.baseUrl,
    backoff: FAST_BACKOFF,
    retries: 4,
    timeoutMs: 10_000,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
    ...extra,
  });
}

/** Feed options against the replay server with short backoffs and no timers that outlive a test. */
export function fastFeed(replay: DeribitReplay, extra: Partial<DeribitLiveFeedOptions> = {}): DeribitLiveFeedOptions {
  return {
    currency: 'BTC',
    baseUrl: replay.baseUrl,
    wsUrl: replay.wsUrl,
    http: { backoff: FAST_BACKOFF, retries: 4, timeoutMs: 10_000, rateLimit: { perSecond: 10_000, burst: 10_000 } },
    ws: { reconnect: FAST_BACKOFF, heartbeatSeconds: 0, requestTimeoutMs: 2000 },
    openInterestPollMs: 0,
    repairSpacingMs: 10,
    ...extra,
  };
}

/** Polls `condition` every few ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** What the server would answer now, parsed the same way: the reference a live chain must equal. */
export async function freshSnapshot(replay: DeribitReplay, currency = 'BTC'): Promise<ChainSnapshot> {
  return (await fetchDeribitSnapshot(fastHttp(replay), deribitMarket(currency))).snapshot;
}

/**
 * Same options, same vols, open interest, strikes and expiries exactly; forwards to 1e-13
 * relative (a live forward is ratio × spot, a REST one forward0 × spot / spot0); same spot and asOf.
 */
export function expectSameChain(live: ChainSnapshot, fresh: ChainSnapshot): void {
  expect(live.asOf).toBe(fresh.asOf);
  expect(live.spot).toBe(fresh.spot);
  const want = new Map(fresh.options.map((o) => [o.instrument, o]));
  expect(live.options.map((o) => o.instrument).sort()).toEqual([...want.keys()].sort());
  for (const o of live.options) {
    const f = want.get(o.instrument);
    if (f === undefined) throw new Error(`${o.instrument} missing`);
    expect({ i: o.instrument, iv: o.iv, oi: o.openInterest, k: o.strike, e: o.expiry, m: o.multiplier }).toEqual({
      i: f.instrument,
      iv: f.iv,
      oi: f.openInterest,
      k: f.strike,
      e: f.expiry,
      m: f.multiplier,
    });
    expect(Math.abs(o.forward - f.forward)).toBeLessThan(1e-13 * f.forward);
  }
}
