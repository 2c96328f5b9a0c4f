import type { ChainSnapshot } from '../chain/types.js';
import { DeribitLiveFeed, type DeribitLiveFeedOptions } from '../sources/deribit/live/index.js';
import { type ChainSource, ListenerSet, type SourceStatus, type VersionedSnapshot } from './sources.js';

export interface DeribitSourceOptions {
  readonly feed: Omit<DeribitLiveFeedOptions, 'onChange' | 'onEvent' | 'now'>;
  /** least time between two published versions, ms: markprice ticks coalesce into one report rebuild */
  readonly publishEveryMs?: number;
  /** retry delays for the first snapshot while the venue cannot be reached, ms */
  readonly retryMs?: { readonly first: number; readonly max: number };
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * A live Deribit chain as a server source. The server starts even when the venue is unreachable:
 * the source then answers `down` with the reason and keeps retrying with capped backoff; once the
 * feed is open, updates are published at most every `publishEveryMs`, and a disconnected feed
 * shows as `stale` with the feed's reason while its last good data stays served.
 */
export class DeribitLiveSource implements ChainSource {
  readonly id: string;
  readonly label: string;
  readonly kind = 'live';
  private feed: DeribitLiveFeed | undefined;
  private latest: VersionedSnapshot | undefined;
  private lastGoodAt: number | undefined;
  private openError: string | undefined = 'connecting to Deribit';
  private readonly listeners = new ListenerSet();
  private publishTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastPublish = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: DeribitSourceOptions) {
    const currency = options.feed.currency.toUpperCase();
    this.id = `deribit-${currency.toLowerCase()}`;
    this.label = `Deribit ${currency} (live)`;
    this.now = options.now ?? Date.now;
    void this.open(options.retryMs?.first ?? 1000);
  }

  private async open(delay: number): Promise<void> {
    try {
      this.feed = await DeribitLiveFeed.open({
        ...this.options.feed,
        now: this.now,
        onChange: () => this.schedulePublish(),
        onEvent: (e) => {
          if (e.type === 'disconnected' || e.type === 'connected') this.emit();
        },
      });
      if (this.closed) {
        await this.feed.close();
        return;
      }
      this.openError = undefined;
      this.publish();
    } catch (e) {
      if (this.closed) return;
      this.openError = (e as Error).message;
      this.options.log?.(`${this.id}: ${this.openError}; retrying in ${Math.round(delay / 1000)} s`);
      this.emit();
      const max = this.options.retryMs?.max ?? 60_000;
      this.retryTimer = setTimeout(() => void this.open(Math.min(max, delay * 2)), delay);
    }
  }

  private schedulePublish(): void {
    if (this.publishTimer) return;
    const wait = Math.max(0, this.lastPublish + (this.options.publishEveryMs ?? 1000) - this.now());
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      this.publish();
    }, wait);
  }

  private publish(): void {
    if (!this.feed || this.closed) return;
    const snapshot: ChainSnapshot = this.feed.snapshot();
    this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
    this.lastPublish = this.now();
    if (!this.feed.status().stale) this.lastGoodAt = this.lastPublish;
    this.emit();
  }

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  status(): SourceStatus {
    const last = this.lastGoodAt !== undefined ? { lastGoodAt: this.lastGoodAt } : {};
    if (!this.feed) return { state: 'down', reason: this.openError ?? 'connecting to Deribit', ...last };
    const s = this.feed.status();
    if (s.stale) return { state: 'stale', reason: s.staleReason ?? 'stream not live', ...last };
    return { state: 'ok', ...last };
  }

  subscribe(listener: () => void): () => void {
    return this.listeners.subscribe(listener);
  }

  private emit(): void {
    this.listeners.emit();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.publishTimer);
    clearTimeout(this.retryTimer);
    await this.feed?.close();
  }
}
