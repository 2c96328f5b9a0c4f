import type { ColumnarChain } from '../chain/columnar.js';
import type { StreamHealth } from '../chain/streamHealth.js';
import type { ChainInputError, ChainSnapshot } from '../chain/types.js';
import type { Bar } from '../core/bars.js';
import type { TradeTape } from './deribit/tape/tape.js';
import type { SourceError } from './venue/errors.js';

/** Live data that has not been refreshed for this long is stale, unless its feed says otherwise. */
export const DEFAULT_STALE_AFTER_MS = 60_000;

/** Data refreshed every `intervalMs` is stale once it has missed one refresh (and never sooner than the default). */
export const staleAfterInterval = (intervalMs: number) => Math.max(DEFAULT_STALE_AFTER_MS, 2 * intervalMs);

/** What a live feed says of itself: the stream health the live views show, and what failed last. */
export interface LiveFeedHealth extends StreamHealth {
  /** the venue's stream is up and subscribed */
  readonly connected: boolean;
  /** wall-clock ms of the last update applied while the feed was healthy (null before the first) */
  readonly lastGoodAt: number | null;
  /**
   * the last failure to reach the venue (a SourceError) or to read its answer (a ChainInputError
   * naming the instrument and field), until the next success; null when the last attempt worked
   */
  readonly lastError: SourceError | ChainInputError | null;
  /** what a healthy feed lacks (e.g. stream subscriptions the venue refused), in words */
  readonly note: string | null;
  /** full resynchronisations from REST, for feeds that resynchronise (Deribit) */
  readonly resyncs?: number;
}

/** What changed: the chain (a new snapshot to publish), or only the feed's health. */
export type LiveFeedChange = 'data' | 'health';

/**
 * One live venue chain, whichever venue and transport keep it current (Deribit's incremental
 * feed, or REST snapshots with the venue's WebSocket pushes written between them). Everything
 * above `sources` (the server's source, `watch`) reads live data through this alone.
 */
export interface LiveFeed {
  /** the registry's venue name: deribit, okx, bybit, binance */
  readonly venue: string;
  /** the chain followed: BTC, ETH, SOL_USDC … */
  readonly underlying: string;
  /** `okx-btc`: the name its log lines and the API use */
  readonly id: string;
  /** `OKX BTC (live)` */
  readonly label: string;
  /** the age of the last good update beyond which the data is stale (undefined: DEFAULT_STALE_AFTER_MS) */
  readonly staleAfterMs?: number;
  /**
   * least time between two reads of the chain worth making, ms: changes come faster than a chain is
   * worth rebuilding (Deribit's mark-price ticks), so a reader coalesces them; undefined: every change
   */
  readonly coalesceMs?: number;
  /**
   * Starts the feed. Resolves once the first snapshot is in or the first attempt to get one has
   * failed (health().lastError says why); the feed keeps trying until stopped. Aborting `signal`
   * stops it.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops the stream and every timer; the last chain stays readable. */
  stop(): Promise<void>;
  /** The chain as it is now (Deribit builds it on each call: take it once per use), undefined before the first snapshot. */
  current(): ChainSnapshot | undefined;
  /** The same chain, columnar, for the live metrics (Deribit's is kept current in place). */
  columnar(): ColumnarChain | undefined;
  health(): LiveFeedHealth;
  /** Called after every change of the chain or of the health; returns the unsubscribe function. */
  subscribe(listener: (change: LiveFeedChange) => void): () => void;
  /** Price bars of the underlying from the venue, for feeds whose venue serves them (Deribit's chart data). */
  priceBars?(request: PriceBarRequest, signal?: AbortSignal): Promise<VenuePriceBars>;
}

export interface PriceBarRequest {
  /** bar length, minutes */
  readonly minutes: number;
  /** how many of the latest bars */
  readonly count: number;
  /** the latest bar is the one open at this time, ms since epoch */
  readonly endMs: number;
}

/** Bars of the instrument a venue charts for the chain, oldest first, with what their prices are. */
export interface VenuePriceBars {
  /** `BTC-PERPETUAL` */
  readonly instrument: string;
  /** the unit of the prices, in words */
  readonly unit: string;
  /** `t` each bar's open time, ms since epoch (UTC) */
  readonly bars: readonly Bar[];
}

/** What a venue's live feed is built from; each venue reads the settings that apply to it. */
export interface LiveFeedSettings {
  readonly currency: string;
  /** the REST origin (production or a local server) */
  readonly baseUrl: string;
  /** the WebSocket URL (default: the venue's for that origin) */
  readonly wsUrl?: string;
  /** retries of a failed REST request */
  readonly retries?: number;
  /** REST-and-stream venues: ms between two whole REST snapshots (default 300,000) */
  readonly snapshotRefreshMs?: number;
  /** Deribit: ms between two open-interest polls (0 turns them off; default 300,000) */
  readonly openInterestPollMs?: number;
  /** Deribit: the heartbeat interval asked of the venue, seconds (0 = off) */
  readonly heartbeatSeconds?: number;
  /** record the venue's trade tape into this (only venues whose registry entry has `tradeTape`) */
  readonly tape?: TradeTape;
  readonly log?: (line: string) => void;
}

/** The listeners of a feed: `subscribe` hands out the unsubscribe function, `notify` calls them all. */
export class FeedListeners {
  private readonly listeners = new Set<(change: LiveFeedChange) => void>();

  subscribe(listener: (change: LiveFeedChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(change: LiveFeedChange): void {
    for (const l of this.listeners) l(change);
  }
}

/** Stops `feed` when `signal` aborts (at once if it already has). */
export function stopOnAbort(feed: Pick<LiveFeed, 'stop'>, signal: AbortSignal | undefined): void {
  if (signal === undefined) return;
  if (signal.aborted) void feed.stop();
  else signal.addEventListener('abort', () => void feed.stop(), { once: true });
}
