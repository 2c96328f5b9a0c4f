import type { ColumnarChain } from '../../../chain/columnar.js';
import { ChainInputError, type ChainSnapshot } from '../../../chain/types.js';
import {
  FeedListeners,
  type LiveFeed,
  type LiveFeedChange,
  type LiveFeedHealth,
  type PriceBarRequest,
  stopOnAbort,
  type VenuePriceBars,
} from '../../liveFeed.js';
import { SourceError } from '../../venue/errors.js';
import { fetchChartBars, perpetualOf } from './chartData.js';
import { DeribitLiveFeed, type DeribitLiveFeedOptions } from './feed.js';
import { DERIBIT_PRODUCTION_URL, DeribitHttp } from './http.js';
import { type DeribitMarket, deribitMarket } from './market.js';

export interface DeribitVenueFeedOptions {
  readonly feed: Omit<DeribitLiveFeedOptions, 'onChange' | 'onEvent' | 'now'>;
  /** retry delays for the first snapshot while the venue cannot be reached, ms (default 1,000 doubling to 60,000) */
  readonly retryMs?: { readonly first: number; readonly max: number };
  /** least time between two reads of the chain worth making, ms (default 1,000): mark-price ticks coalesce */
  readonly coalesceMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * A Deribit chain as a LiveFeed: opens the DeribitLiveFeed (its REST snapshot, then the stream
 * applied in place), and while the venue cannot be reached keeps retrying with capped backoff,
 * stale with the reason. Once open, its health is the feed's.
 */
export class DeribitVenueFeed implements LiveFeed {
  readonly venue = 'deribit';
  readonly underlying: string;
  readonly id: string;
  readonly label: string;
  readonly coalesceMs: number;
  private feed: DeribitLiveFeed | undefined;
  private openError: string | undefined;
  private openFailure: SourceError | ChainInputError | null = null;
  private lastGoodAt: number | null = null;
  private readonly staleSince: number;
  private readonly listeners = new FeedListeners();
  private retryTimer: NodeJS.Timeout | undefined;
  private opening: Promise<void> | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly market: DeribitMarket;
  private chartHttp: DeribitHttp | undefined;

  constructor(private readonly options: DeribitVenueFeedOptions) {
    this.market = deribitMarket(options.feed.currency);
    this.underlying = this.market.name;
    const currency = options.feed.currency.toUpperCase();
    this.id = `deribit-${currency.toLowerCase()}`;
    this.label = `Deribit ${currency} (live)`;
    this.coalesceMs = options.coalesceMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.staleSince = this.now();
  }

  start(signal?: AbortSignal): Promise<void> {
    stopOnAbort(this, signal);
    this.opening ??= this.open(this.options.retryMs?.first ?? 1000);
    return this.opening;
  }

  private async open(delay: number): Promise<void> {
    try {
      const feed = await DeribitLiveFeed.open({
        ...this.options.feed,
        now: this.now,
        onChange: (f) => {
          if (this.feed === undefined) return;
          if (!f.status().stale) this.lastGoodAt = this.now();
          this.listeners.notify('data');
        },
        onEvent: (e) => {
          if (e.type === 'disconnected' || e.type === 'connected') this.listeners.notify('health');
        },
      });
      if (this.stopped) {
        await feed.close();
        return;
      }
      this.feed = feed;
      this.openError = undefined;
      this.openFailure = null;
      this.listeners.notify('data');
    } catch (e) {
      if (this.stopped) return;
      this.openError = (e as Error).message;
      this.openFailure = e instanceof SourceError || e instanceof ChainInputError ? e : null;
      this.options.log?.(`${this.id}: ${this.openError}; retrying in ${Math.round(delay / 1000)} s`);
      this.listeners.notify('health');
      const max = this.options.retryMs?.max ?? 60_000;
      this.retryTimer = setTimeout(() => void this.open(Math.min(max, delay * 2)), delay);
    }
  }

  current(): ChainSnapshot | undefined {
    return this.feed?.snapshot();
  }

  columnar(): ColumnarChain | undefined {
    return this.feed?.chain.columnar();
  }

  health(): LiveFeedHealth {
    if (this.feed === undefined) {
      return {
        connected: false,
        stale: true,
        staleSince: this.staleSince,
        staleReason: this.openError ?? 'connecting to Deribit',
        lastGoodAt: this.lastGoodAt,
        lastError: this.openFailure,
        note: null,
        notifications: 0,
        reconnects: 0,
        protocolErrors: 0,
        resyncs: 0,
      };
    }
    const s = this.feed.status();
    return {
      connected: s.connected,
      stale: s.stale,
      staleSince: s.staleSince,
      staleReason: s.stale ? (s.staleReason ?? 'stream not live') : null,
      lastGoodAt: this.lastGoodAt,
      lastError: this.feed.lastError,
      note: null,
      notifications: s.notifications,
      reconnects: s.reconnects,
      protocolErrors: s.protocolErrors,
      resyncs: s.resyncs,
    };
  }

  subscribe(listener: (change: LiveFeedChange) => void): () => void {
    return this.listeners.subscribe(listener);
  }

  /**
   * Candles of the underlying's perpetual (see perpetualOf), from the same origin as the chain; a
   * client of their own, so a chart request never waits behind the chain's snapshot requests.
   */
  async priceBars(request: PriceBarRequest, signal?: AbortSignal): Promise<VenuePriceBars> {
    this.chartHttp ??= new DeribitHttp({
      ...this.options.feed.http,
      baseUrl: this.options.feed.baseUrl ?? DERIBIT_PRODUCTION_URL,
    });
    const instrument = perpetualOf(this.market);
    const quote = this.market.settlement === 'inverse' ? 'USD' : 'USDC';
    return {
      instrument,
      unit: `${quote} per ${this.market.base}, trade prices of ${instrument} (close to the ${this.market.indexName} index the options are priced on, not the index itself)`,
      bars: await fetchChartBars(this.chartHttp, { instrument, ...request }, signal),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.feed?.close();
  }
}
