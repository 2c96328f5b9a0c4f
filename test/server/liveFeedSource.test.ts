import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import type { LiveFeed, LiveFeedChange, LiveFeedHealth } from '../../src/sources/liveFeed.js';
import { randomChain } from '../support/syntheticChain.js';

/** A feed driven by the test: it holds `chain`, reports `health`, and tells its listener what `change` says. */
function drivenFeed(coalesceMs?: number) {
  let listener: ((c: LiveFeedChange) => void) | undefined;
  const state: { chain: ChainSnapshot | undefined; health: LiveFeedHealth; reads: number } = {
    chain: undefined,
    reads: 0,
    health: {
      connected: false,
      stale: true,
      staleSince: 0,
      staleReason: 'connecting',
      lastGoodAt: null,
      lastError: null,
      note: null,
      notifications: 0,
      reconnects: 0,
      protocolErrors: 0,
    },
  };
  const feed: LiveFeed = {
    venue: 'test',
    underlying: 'BTC',
    id: 'test-btc',
    label: 'Test BTC (live)',
    ...(coalesceMs !== undefined ? { coalesceMs } : {}),
    start: async () => {},
    stop: async () => {},
    current: () => {
      state.reads++;
      return state.chain;
    },
    columnar: () => undefined,
    health: () => state.health,
    subscribe: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
  };
  const change = (c: LiveFeedChange) => listener?.(c);
  return { feed, state, change };
}

const healthy = (lastGoodAt: number): LiveFeedHealth => ({
  connected: true,
  stale: false,
  staleSince: null,
  staleReason: null,
  lastGoodAt,
  lastError: null,
  note: null,
  notifications: 1,
  reconnects: 0,
  protocolErrors: 0,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('one server source over any live feed', () => {
  it('is down with the feed’s reason before a chain, then ok with the feed’s last good time, and stale with a chain held', async () => {
    const { feed, state, change } = drivenFeed();
    const source = new LiveFeedSource(feed);
    expect(source.status()).toEqual({ state: 'down', reason: 'connecting' });
    state.chain = randomChain(4);
    state.health = healthy(1234);
    change('data');
    expect(source.current()?.version).toBe(1);
    expect(source.status()).toEqual({ state: 'ok', lastGoodAt: 1234 });
    state.health = { ...state.health, stale: true, staleReason: 'stream down: closed' };
    change('health');
    expect(source.status()).toEqual({ state: 'stale', reason: 'stream down: closed', lastGoodAt: 1234 });
    expect(source.current()?.version).toBe(1);
    await source.close();
  });

  it('publishes the first change after a quiet spell at once and coalesces the rest of the feed’s window into one version', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { feed, state, change } = drivenFeed(1000);
    const source = new LiveFeedSource(feed);
    state.chain = randomChain(4);
    state.health = healthy(1_000_000);
    change('data');
    expect(source.current()?.version).toBe(1);
    for (let i = 0; i < 5; i++) change('data');
    expect(source.current()?.version).toBe(1);
    expect(state.reads).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(source.current()?.version).toBe(2);
    expect(state.reads).toBe(2);
    await source.close();
  });
});
