import { aggregateChains } from '../chain/aggregate.js';
import type { ChainSnapshot } from '../chain/types.js';
import {
  type ChainSource,
  DEFAULT_STALE_AFTER_MS,
  ListenerSet,
  type SourceStatus,
  staleAfterInterval,
  type VersionedSnapshot,
} from './sources.js';

export interface PollingSourceOptions {
  readonly id: string;
  readonly label: string;
  /** one REST snapshot of the venue (the adapter's client does its own retries and backoff) */
  readonly fetch: (signal: AbortSignal) => Promise<ChainSnapshot>;
  /** time between two polls, ms */
  readonly intervalMs: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * A live venue polled over REST (OKX): the first snapshot is fetched at once, then one every
 * `intervalMs`. A failed poll keeps the last good snapshot and shows `stale` with the reason
 * (`down` before the first success); the next poll tries again.
 */
export class PollingSource implements ChainSource {
  readonly id: string;
  readonly label: string;
  readonly kind = 'live';
  readonly staleAfterMs: number;
  private latest: VersionedSnapshot | undefined;
  private lastGoodAt: number | undefined;
  private error: string | undefined = 'connecting';
  private readonly listeners = new ListenerSet();
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: PollingSourceOptions) {
    this.id = options.id;
    this.label = options.label;
    this.staleAfterMs = staleAfterInterval(options.intervalMs);
    this.now = options.now ?? Date.now;
    void this.poll();
  }

  /** Resolves after the poll in flight, if any (for tests and shutdown). */
  polled: Promise<void> = Promise.resolve();

  private poll(): Promise<void> {
    this.polled = (async () => {
      try {
        const snapshot = await this.options.fetch(this.abort.signal);
        if (this.abort.signal.aborted) return;
        this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
        this.lastGoodAt = this.now();
        this.error = undefined;
      } catch (e) {
        if (this.abort.signal.aborted) return;
        this.error = (e as Error).message;
        this.options.log?.(`${this.id}: ${this.error}`);
      }
      this.emit();
      this.timer = setTimeout(() => void this.poll(), this.options.intervalMs);
    })();
    return this.polled;
  }

  /** Polls now (after the poll in flight), instead of at the next tick. */
  async refresh(): Promise<void> {
    await this.polled;
    clearTimeout(this.timer);
    await this.poll();
  }

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  status(): SourceStatus {
    const last = this.lastGoodAt !== undefined ? { lastGoodAt: this.lastGoodAt } : {};
    if (this.error === undefined) return { state: 'ok', ...last };
    return { state: this.latest ? 'stale' : 'down', reason: this.error, ...last };
  }

  subscribe(listener: () => void): () => void {
    return this.listeners.subscribe(listener);
  }

  private emit(): void {
    this.listeners.emit();
  }

  close(): void {
    this.abort.abort();
    clearTimeout(this.timer);
  }
}

/**
 * One aggregated map over several venue sources of an underlying (aggregateChains): rebuilt on
 * every change of a part. It is `down` until every venue has a snapshot, `stale` (naming the
 * venues) while a part is stale or down or the parts cannot be combined (then the last good
 * aggregate stays served), else `ok`.
 */
export class AggregateSource implements ChainSource {
  readonly kind = 'live';
  private latest: VersionedSnapshot | undefined;
  private problem: string | undefined;
  private lastGoodAt: number | undefined;
  private readonly listeners = new ListenerSet();
  private readonly unsubscribe: (() => void)[];
  private readonly now: () => number;
  /** the most patient of its parts */
  readonly staleAfterMs: number;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly parts: readonly ChainSource[],
    private readonly opts: { readonly referenceVenue?: string; readonly now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.staleAfterMs = Math.max(...parts.map((p) => p.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
    this.unsubscribe = parts.map((p) => p.subscribe(() => this.rebuild()));
    this.rebuild();
  }

  private rebuild(): void {
    const currents = this.parts.map((p) => p.current());
    const missing = this.parts.filter((_, i) => currents[i] === undefined).map((p) => p.id);
    const unwell = this.parts.filter((p) => p.status().state !== 'ok').map((p) => `${p.id} ${p.status().state}`);
    if (missing.length > 0) {
      this.problem = `waiting for ${missing.join(', ')}`;
    } else {
      try {
        const snapshot = aggregateChains(
          currents.map((c) => (c as VersionedSnapshot).snapshot),
          this.opts.referenceVenue !== undefined ? { referenceVenue: this.opts.referenceVenue } : {},
        );
        this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
        this.problem = unwell.length > 0 ? unwell.join('; ') : undefined;
        if (this.problem === undefined) this.lastGoodAt = this.now();
      } catch (e) {
        this.problem = (e as Error).message;
      }
    }
    this.listeners.emit();
  }

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  status(): SourceStatus {
    const last = this.lastGoodAt !== undefined ? { lastGoodAt: this.lastGoodAt } : {};
    if (this.problem === undefined) return { state: 'ok', ...last };
    return { state: this.latest ? 'stale' : 'down', reason: this.problem, ...last };
  }

  subscribe(listener: () => void): () => void {
    return this.listeners.subscribe(listener);
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
