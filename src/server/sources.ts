import type { ChainSnapshot } from '../chain/types.js';

/** Health of a chain source as the API reports it. */
export interface SourceStatus {
  readonly state: 'ok' | 'stale' | 'down';
  /** why the source is stale or down; on an ok source, what it lacks (e.g. stream subscriptions the venue refused) */
  readonly reason?: string;
  /** wall-clock ms when the last good snapshot arrived */
  readonly lastGoodAt?: number;
}

export interface VersionedSnapshot {
  readonly snapshot: ChainSnapshot;
  /** increases with every new snapshot: the cache key of derived reports */
  readonly version: number;
}

/** What a source serves: a live feed, or a chain recorded in a file (as old as its asOf, forever). */
export type SourceKind = 'live' | 'recorded';

/** A named chain the server can report on: a recorded file or a live venue feed. */
export interface ChainSource {
  readonly id: string;
  readonly label: string;
  readonly kind: SourceKind;
  /** live: the age of the last good data beyond which it is stale (default DEFAULT_STALE_AFTER_MS) */
  readonly staleAfterMs?: number;
  /** the latest good snapshot, if any */
  current(): VersionedSnapshot | undefined;
  status(): SourceStatus;
  /** called after every new snapshot or status change; returns the unsubscribe function */
  subscribe(listener: () => void): () => void;
  close?(): Promise<void> | void;
}

/**
 * What every source keeps: the latest snapshot and its version, when good data last arrived, and
 * its listeners. The status follows one rule: ok without a problem; with one, stale while a
 * snapshot is held (it stays served) and down before the first.
 */
export class SourceState {
  private latest: VersionedSnapshot | undefined;
  private goodAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  /** wall-clock ms when good data last arrived */
  get lastGoodAt(): number | undefined {
    return this.goodAt;
  }

  /** A new snapshot, the next version; `goodAt` (wall-clock ms) when it counts as good data. */
  publish(snapshot: ChainSnapshot, goodAt?: number): void {
    this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
    if (goodAt !== undefined) this.goodAt = goodAt;
  }

  /** The data held counts as good as of `at` (its feed came back, say). */
  markGood(at: number): void {
    this.goodAt = at;
  }

  /** ok (saying what it lacks, if anything) without a problem; else stale with a snapshot, down without. */
  status(problem: string | undefined, lacks?: string): SourceStatus {
    if (problem === undefined) return this.stated({ state: 'ok', ...(lacks !== undefined ? { reason: lacks } : {}) });
    return this.stated({ state: this.latest ? 'stale' : 'down', reason: problem });
  }

  /** A state the source decided itself, with the last good time. */
  stated(status: Omit<SourceStatus, 'lastGoodAt'>): SourceStatus {
    return { ...status, ...(this.goodAt !== undefined ? { lastGoodAt: this.goodAt } : {}) };
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(): void {
    for (const l of this.listeners) l();
  }
}

/** A source over one snapshot read from disk: always ok, never changes. */
export class StaticSource implements ChainSource {
  readonly kind = 'recorded';
  private readonly state = new SourceState();
  constructor(
    readonly id: string,
    readonly label: string,
    snapshot: ChainSnapshot,
    now: () => number = Date.now,
  ) {
    this.state.publish(snapshot, now());
  }
  current(): VersionedSnapshot | undefined {
    return this.state.current();
  }
  status(): SourceStatus {
    return this.state.status(undefined);
  }
  subscribe(): () => void {
    return () => {};
  }
}

/**
 * A source fed by pushes (a live venue client, a recorder, a test): keeps the last good snapshot
 * through outages, so the API can say how old it is.
 */
export class PushSource implements ChainSource {
  readonly kind = 'live';
  private readonly state = new SourceState();
  /** the failure reported since the last push (before the first: no data yet) */
  private failure: Omit<SourceStatus, 'lastGoodAt'> | undefined = { state: 'down', reason: 'no data received yet' };

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  current(): VersionedSnapshot | undefined {
    return this.state.current();
  }
  status(): SourceStatus {
    return this.failure !== undefined ? this.state.stated(this.failure) : this.state.status(undefined);
  }
  subscribe(listener: () => void): () => void {
    return this.state.subscribe(listener);
  }
  push(snapshot: ChainSnapshot): void {
    this.state.publish(snapshot, this.now());
    this.failure = undefined;
    this.state.emit();
  }
  /** The feed is degraded (stale: data may lag) or gone (down); the last good snapshot is kept. */
  fail(state: 'stale' | 'down', reason: string): void {
    this.failure = { state, reason };
    this.state.emit();
  }
}
