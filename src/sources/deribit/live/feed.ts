import { LiveChain } from '../../../chain/liveChain.js';
import type { StreamHealth } from '../../../chain/streamHealth.js';
import { ChainInputError, type ChainSnapshot } from '../../../chain/types.js';
import { allOrNothing } from '../../venue/allOrNothing.js';
import { backoffDelay, DEFAULT_BACKOFF } from '../../venue/backoff.js';
import { SourceError } from '../../venue/errors.js';
import { backfillTrades } from '../tape/backfill.js';
import { parseTrades } from '../tape/parse.js';
import type { TradeTape } from '../tape/tape.js';
import { deribitError } from './errors.js';
import { DERIBIT_PRODUCTION_URL, DeribitHttp, type DeribitHttpOptions } from './http.js';
import { type DeribitMarket, deribitMarket, inMarket, marketChannels, type TradeInterval } from './market.js';
import { instrumentStateEffect, parseIndexPrice, parseInstrumentState, parseMarkPrices } from './parse.js';
import {
  fetchDeribitSnapshot,
  fetchIndexPrice,
  fetchSummaries,
  isListingRace,
  liveSource,
  parseSnapshotPayloads,
} from './snapshot.js';
import { DeribitWs, type DeribitWsOptions, deribitWsUrl } from './ws.js';

export interface DeribitLiveFeedOptions {
  /** BTC, ETH, or a USDC-settled chain: SOL, XRP_USDC, BTC_USDC … */
  readonly currency: string;
  /** REST base URL (default https://www.deribit.com) */
  readonly baseUrl?: string;
  /** WebSocket URL (default: derived from the base URL, `/ws/api/v2`) */
  readonly wsUrl?: string;
  readonly http?: Omit<DeribitHttpOptions, 'baseUrl' | 'signal'>;
  readonly ws?: Omit<DeribitWsOptions, 'url'>;
  /** polling of public/get_book_summary_by_currency for open interest and forwards, ms (default 300,000) */
  readonly openInterestPollMs?: number;
  /** least time between two repair resyncs (after unreadable messages or unknown instruments), ms (default 5,000) */
  readonly repairSpacingMs?: number;
  /** record the trade channel into this tape, and fill its gaps by REST after every resync */
  readonly tape?: TradeTape;
  readonly tradeInterval?: TradeInterval;
  /** upper bound of a plausible IV, decimal */
  readonly maxIv?: number;
  /** wall clock for the staleness times (default Date.now) */
  readonly now?: () => number;
  /** called after every change: an update applied, a resync, the connection going up or down */
  readonly onChange?: (feed: DeribitLiveFeed) => void;
  readonly onEvent?: (event: FeedEvent) => void;
}

export type FeedEvent =
  | { readonly type: 'connected'; readonly connection: number }
  | {
      readonly type: 'disconnected';
      readonly reason: string;
      readonly retryInMs: number;
      readonly attempt: number;
      readonly code?: number;
    }
  | { readonly type: 'resynced'; readonly kind: 'full' | 'poll'; readonly asOf: number; readonly options: number }
  | {
      readonly type: 'resync-failed';
      readonly kind: 'full' | 'poll';
      readonly error: string;
      readonly retryInMs: number;
    }
  | { readonly type: 'protocol-error'; readonly reason: string }
  | { readonly type: 'instrument-state'; readonly instrument: string; readonly state: string }
  | { readonly type: 'tape-filled'; readonly trades: number }
  | { readonly type: 'trades-interval'; readonly from: string; readonly to: string }
  | { readonly type: 'tape-fill-failed'; readonly error: string };

/** The Deribit feed's status: its stream health, and what the session and resyncs did. */
export interface FeedStatus extends StreamHealth {
  /** the WebSocket session is up and subscribed */
  readonly connected: boolean;
  /** full resynchronisations from REST (each connection, and each repair) */
  readonly resyncs: number;
  /** open-interest polls installed */
  readonly polls: number;
  readonly testRequestsAnswered: number;
  /** trades recorded on the tape (0 without a tape) */
  readonly tapeTrades: number;
}

type Channel = 'markPrice' | 'index' | 'instrumentState' | 'trades';

/**
 * The live Deribit chain: a REST snapshot, then the WebSocket stream applied incrementally, with
 * a REST resynchronisation after every (re)connection so that nothing missed while disconnected
 * survives, open interest refreshed by polling, and a staleness flag for as long as the numbers
 * may be behind. Notifications that arrive during a resync are held and applied after it.
 */
export class DeribitLiveFeed {
  readonly market: DeribitMarket;
  readonly http: DeribitHttp;
  private readonly ws: DeribitWs;
  private live!: LiveChain;
  private instrumentsCache: readonly unknown[] = [];
  private readonly channelKind = new Map<string, Channel>();
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private connected = false;
  private synced = false;
  private staleSince: number | null;
  private staleReason: string | null = 'connecting to the stream';
  private syncing: 'full' | 'poll' | null = null;
  private queued: 'full' | 'poll' | null = null;
  private buffer: { channel: string; data: unknown }[] = [];
  private repairTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastRepairAt = Number.NEGATIVE_INFINITY;
  private resyncFailures = 0;
  private closed = false;
  private counts = { resyncs: 0, polls: 0, payloadErrors: 0 };
  private failure: SourceError | ChainInputError | null = null;
  private tapeFrom = 0;

  private constructor(private readonly options: DeribitLiveFeedOptions) {
    this.market = deribitMarket(options.currency);
    this.now = options.now ?? Date.now;
    this.staleSince = this.now();
    const baseUrl = options.baseUrl ?? DERIBIT_PRODUCTION_URL;
    this.http = new DeribitHttp({ ...options.http, baseUrl, signal: this.abort.signal });
    const channels = marketChannels(this.market, options.tradeInterval);
    this.channelKind.set(channels.markPrice, 'markPrice');
    this.channelKind.set(channels.index, 'index');
    this.channelKind.set(channels.instrumentState, 'instrumentState');
    if (options.tape) this.channelKind.set(channels.trades, 'trades');
    this.ws = new DeribitWs(
      { ...options.ws, url: options.wsUrl ?? deribitWsUrl(baseUrl) },
      [...this.channelKind.keys()],
      {
        onNotification: (channel, data) => this.onNotification(channel, data),
        onOpen: ({ connection }) => {
          this.connected = true;
          this.emit({ type: 'connected', connection });
          void this.resync('full', 'connected');
        },
        onDown: (info) => {
          if (info.code === 13778) this.tradesWithoutRaw();
          this.connected = false;
          this.synced = false;
          this.markStale(`disconnected (${info.reason}); reconnecting in ${Math.round(info.retryInMs)} ms`);
          this.emit({ type: 'disconnected', ...info });
          this.changed();
        },
        onProtocolError: (reason) => {
          this.emit({ type: 'protocol-error', reason });
          this.scheduleRepair();
        },
      },
    );
  }

  /**
   * Fetches the REST snapshot (failing with a SourceError or ChainInputError when it cannot),
   * then starts the stream and the open-interest polling. The feed is stale until the stream is up.
   */
  static async open(options: DeribitLiveFeedOptions): Promise<DeribitLiveFeed> {
    const feed = new DeribitLiveFeed(options);
    try {
      const { snapshot, payloads } = await fetchDeribitSnapshot(feed.http, feed.market, feed.maxIv());
      feed.live = LiveChain.fromSnapshot(snapshot, { settlement: feed.market.settlement, ...feed.maxIv() });
      feed.instrumentsCache = payloads.instruments;
      feed.tapeFrom = options.tape?.lastTimestamp ?? snapshot.asOf;
    } catch (e) {
      await feed.close();
      throw e;
    }
    feed.ws.start();
    const pollMs = options.openInterestPollMs ?? 300_000;
    if (pollMs > 0) feed.pollTimer = setInterval(() => void feed.resync('poll', 'open-interest poll'), pollMs);
    return feed;
  }

  /** Deribit keeps `raw` channels for authorised connections: fall back to the 100 ms trade channel. */
  private tradesWithoutRaw(): void {
    const raw = [...this.channelKind].find(([name, kind]) => kind === 'trades' && name.endsWith('.raw'));
    if (raw === undefined) return;
    const slower = marketChannels(this.market, '100ms').trades;
    this.channelKind.delete(raw[0]);
    this.channelKind.set(slower, 'trades');
    this.ws.setChannels([...this.channelKind.keys()]);
    this.emit({ type: 'trades-interval', from: raw[0], to: slower });
  }

  private maxIv(): { maxIv?: number } {
    return this.options.maxIv !== undefined ? { maxIv: this.options.maxIv } : {};
  }

  /** The live chain state (updated in place). */
  get chain(): LiveChain {
    return this.live;
  }

  /** A plain snapshot of the current state. */
  snapshot(): ChainSnapshot {
    return this.live.snapshot();
  }

  status(): FeedStatus {
    const ws = this.ws.stats;
    return {
      connected: this.connected,
      stale: this.isStale(),
      staleSince: this.isStale() ? this.staleSince : null,
      staleReason: this.isStale() ? this.staleReason : null,
      reconnects: ws.reconnects,
      resyncs: this.counts.resyncs,
      polls: this.counts.polls,
      protocolErrors: ws.protocolErrors + this.counts.payloadErrors,
      notifications: ws.notifications,
      testRequestsAnswered: ws.testRequestsAnswered,
      tapeTrades: this.options.tape?.size ?? 0,
    };
  }

  /** Why the last REST resynchronisation failed (a SourceError or ChainInputError), null once one succeeded. */
  get lastError(): SourceError | ChainInputError | null {
    return this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.synced = false;
    this.markStale('closed');
    clearTimeout(this.repairTimer);
    clearInterval(this.pollTimer);
    this.abort.abort(deribitError('closed', 'feed closed'));
    await this.ws.close();
  }

  private isStale(): boolean {
    return !(this.connected && this.synced);
  }

  private markStale(reason: string): void {
    if (this.staleSince === null) this.staleSince = this.now();
    this.staleReason = reason;
  }

  private emit(event: FeedEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // a consumer's callback must not take the feed down
    }
  }

  private changed(): void {
    try {
      this.options.onChange?.(this);
    } catch {
      // a consumer's callback must not take the feed down
    }
  }

  private onNotification(channel: string, data: unknown): void {
    if (this.closed) return;
    if (this.syncing !== null) {
      this.buffer.push({ channel, data });
      return;
    }
    this.apply(channel, data);
    this.changed();
  }

  private payloadError(e: unknown): void {
    if (!(e instanceof ChainInputError)) throw e;
    this.counts.payloadErrors++;
    this.emit({ type: 'protocol-error', reason: e.message });
    this.scheduleRepair();
  }

  private apply(channel: string, data: unknown): void {
    try {
      switch (this.channelKind.get(channel)) {
        case 'markPrice': {
          const updates = parseMarkPrices(data, channel).filter((u) => inMarket(this.market, u.instrument));
          const result = this.live.applyMarks(updates);
          if (result.unknown.length > 0) this.scheduleRepair();
          return;
        }
        case 'index': {
          const update = parseIndexPrice(data, channel);
          if (update.indexName === this.market.indexName) this.live.applyIndex(update);
          return;
        }
        case 'instrumentState': {
          const change = parseInstrumentState(data, channel);
          if (!inMarket(this.market, change.instrument)) return;
          this.emit({ type: 'instrument-state', instrument: change.instrument, state: change.state });
          const effect = instrumentStateEffect(change.state);
          if (effect.kind === 'listed') this.scheduleRepair();
          else if (effect.kind === 'removed') this.live.remove(change.instrument, effect.reason);
          return;
        }
        case 'trades': {
          const trades = parseTrades(data, channel).filter((t) => inMarket(this.market, t.instrument));
          this.options.tape?.add(trades);
          return;
        }
        case undefined:
          return;
      }
    } catch (e) {
      this.payloadError(e);
    }
  }

  /** A resync soon, but never two closer than repairSpacingMs. */
  private scheduleRepair(): void {
    if (this.closed || this.repairTimer !== undefined) return;
    const spacing = this.options.repairSpacingMs ?? 5000;
    const wait = Math.max(0, this.lastRepairAt + spacing - performance.now());
    this.repairTimer = setTimeout(() => {
      this.repairTimer = undefined;
      void this.resync('full', 'repair');
    }, wait);
  }

  /**
   * Installs a fresh REST snapshot: `full` refetches the instruments too and clears staleness,
   * `poll` reuses the cached instruments (open interest and forwards move, listings do not).
   */
  private async resync(kind: 'full' | 'poll', why: string): Promise<void> {
    if (this.closed) return;
    if (kind === 'poll' && !this.connected) return; // the reconnection will resync
    if (this.syncing !== null) {
      if (this.queued !== 'full') this.queued = kind;
      return;
    }
    this.syncing = kind;
    if (kind === 'full') {
      this.lastRepairAt = performance.now();
      if (!this.synced || why !== 'repair') this.markStale(`resynchronising (${why})`);
    }
    try {
      let snapshot: ChainSnapshot;
      if (kind === 'full') {
        const fetched = await fetchDeribitSnapshot(this.http, this.market, this.maxIv());
        snapshot = fetched.snapshot;
        this.instrumentsCache = fetched.payloads.instruments;
      } else {
        const [summaries, indexPrice] = await allOrNothing<[unknown[], number]>((signal) => [
          fetchSummaries(this.http, this.market, signal),
          fetchIndexPrice(this.http, this.market, signal),
        ]);
        try {
          snapshot = parseSnapshotPayloads(
            { instruments: this.instrumentsCache, summaries, indexPrice },
            liveSource(this.http, this.market),
            this.options.maxIv,
          );
        } catch (e) {
          if (!isListingRace(e)) throw e;
          this.syncing = null;
          this.queued = 'full';
          return;
        }
      }
      if (this.closed) return;
      this.live.replace(snapshot);
      const held = this.buffer;
      this.buffer = [];
      this.syncing = null;
      for (const b of held) this.apply(b.channel, b.data);
      this.resyncFailures = 0;
      this.failure = null;
      if (kind === 'full') {
        this.counts.resyncs++;
        if (this.connected) {
          this.synced = true;
          this.staleSince = null;
          this.staleReason = null;
        }
      } else this.counts.polls++;
      this.emit({ type: 'resynced', kind, asOf: snapshot.asOf, options: snapshot.options.length });
      this.changed();
      if (kind === 'full') await this.fillTape();
    } catch (e) {
      this.syncing = null;
      if (this.closed) return;
      this.buffer = [];
      const retryInMs = backoffDelay(this.options.ws?.reconnect ?? DEFAULT_BACKOFF, this.resyncFailures++);
      const message = e instanceof Error ? e.message : String(e);
      this.failure = e instanceof SourceError || e instanceof ChainInputError ? e : null;
      if (kind === 'full')
        this.markStale(`resynchronisation failed (${message}); retrying in ${Math.round(retryInMs)} ms`);
      this.emit({ type: 'resync-failed', kind, error: message, retryInMs });
      this.changed();
      if (kind === 'full' && this.repairTimer === undefined) {
        this.repairTimer = setTimeout(() => {
          this.repairTimer = undefined;
          void this.resync('full', 'retry');
        }, retryInMs);
      }
    } finally {
      const next = this.queued;
      if (next !== null && this.syncing === null && !this.closed) {
        this.queued = null;
        void this.resync(next, 'queued');
      }
    }
  }

  /** Trades missed while disconnected, by REST from the last one recorded. */
  private async fillTape(): Promise<void> {
    const tape = this.options.tape;
    if (!tape || this.closed) return;
    const from = tape.lastTimestamp ?? this.tapeFrom;
    try {
      const { trades } = await backfillTrades(this.http, {
        market: this.market,
        from,
        to: Math.max(this.live.asOf, this.now()),
      });
      const added = tape.add(trades);
      this.emit({ type: 'tape-filled', trades: added });
      if (added > 0) this.changed();
    } catch (e) {
      if (this.closed) return;
      this.emit({ type: 'tape-fill-failed', error: e instanceof Error ? e.message : String(e) });
    }
  }
}
