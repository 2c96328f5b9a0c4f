import type { LiveFeed } from '../sources/liveFeed.js';
import { type ChainSource, SourceState, type SourceStatus, type VersionedSnapshot } from './sources.js';

export interface LiveFeedSourceOptions {
  /** least time between two published versions, ms: changes in between coalesce into one report rebuild (default: the feed's coalesceMs, else each at once) */
  readonly publishEveryMs?: number;
  readonly now?: () => number;
}

/**
 * Any live venue feed as a server source, started at once. The server starts even when the venue
 * is unreachable: the source is `down` with the feed's reason until its first snapshot, then each
 * change of the chain is a new version (at most one every `publishEveryMs`), and a feed that is
 * behind shows as `stale` with its reason while its last good chain stays served.
 */
export class LiveFeedSource implements ChainSource {
  readonly id: string;
  readonly label: string;
  readonly kind = 'live';
  readonly staleAfterMs?: number;
  private readonly state = new SourceState();
  private readonly unsubscribe: () => void;
  private publishTimer: NodeJS.Timeout | undefined;
  private lastPublish = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly now: () => number;

  constructor(
    readonly feed: LiveFeed,
    private readonly options: LiveFeedSourceOptions = {},
  ) {
    this.id = feed.id;
    this.label = feed.label;
    if (feed.staleAfterMs !== undefined) this.staleAfterMs = feed.staleAfterMs;
    this.now = options.now ?? Date.now;
    this.unsubscribe = feed.subscribe((change) => (change === 'data' ? this.schedulePublish() : this.healthChanged()));
    void feed.start();
  }

  private schedulePublish(): void {
    if (this.publishTimer !== undefined) return;
    const wait = this.lastPublish + (this.options.publishEveryMs ?? this.feed.coalesceMs ?? 0) - this.now();
    if (wait <= 0) {
      this.publish();
      return;
    }
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      this.publish();
    }, wait);
  }

  private publish(): void {
    if (this.closed) return;
    const snapshot = this.feed.current();
    if (snapshot === undefined) return;
    this.state.publish(snapshot, this.feed.health().lastGoodAt ?? undefined);
    this.lastPublish = this.now();
    this.state.emit();
  }

  private healthChanged(): void {
    const { lastGoodAt } = this.feed.health();
    if (lastGoodAt !== null) this.state.markGood(lastGoodAt);
    this.state.emit();
  }

  current(): VersionedSnapshot | undefined {
    return this.state.current();
  }

  status(): SourceStatus {
    const h = this.feed.health();
    return this.state.status(h.stale ? (h.staleReason ?? 'stream not live') : undefined, h.note ?? undefined);
  }

  subscribe(listener: () => void): () => void {
    return this.state.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.publishTimer);
    await this.feed.stop();
  }
}
