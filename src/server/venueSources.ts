import { aggregateChains } from '../chain/aggregate.js';
import type { ChainSnapshot } from '../chain/types.js';
import { DEFAULT_STALE_AFTER_MS, staleAfterInterval } from '../sources/liveFeed.js';
import { type ChainSource, SourceState, type SourceStatus, type VersionedSnapshot } from './sources.js';

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
  private readonly state = new SourceState();
  private error: string | undefined = 'connecting';
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
        this.state.publish(snapshot, this.now());
        this.error = undefined;
      } catch (e) {
        if (this.abort.signal.aborted) return;
        this.error = (e as Error).message;
        this.options.log?.(`${this.id}: ${this.error}`);
      }
      this.state.emit();
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
    return this.state.current();
  }

  status(): SourceStatus {
    return this.state.status(this.error);
  }

  subscribe(listener: () => void): () => void {
    return this.state.subscribe(listener);
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
  private readonly state = new SourceState();
  private problem: string | undefined;
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
        this.problem = unwell.length > 0 ? unwell.join('; ') : undefined;
        this.state.publish(snapshot, this.problem === undefined ? this.now() : undefined);
      } catch (e) {
        this.problem = (e as Error).message;
      }
    }
    this.state.emit();
  }

  current(): VersionedSnapshot | undefined {
    return this.state.current();
  }

  status(): SourceStatus {
    return this.state.status(this.problem);
  }

  subscribe(listener: () => void): () => void {
    return this.state.subscribe(listener);
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
