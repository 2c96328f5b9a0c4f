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

/** Live data that has not been refreshed for this long is shown as stale, unless the source says otherwise. */
export const DEFAULT_STALE_AFTER_MS = 60_000;

/** A source refreshed every `intervalMs` is stale once it has missed one refresh (and never sooner than the default). */
export const staleAfterInterval = (intervalMs: number) => Math.max(DEFAULT_STALE_AFTER_MS, 2 * intervalMs);

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

/** The listeners of a source: `subscribe` hands out the unsubscribe function, `emit` calls them all. */
export class ListenerSet {
  private readonly listeners = new Set<() => void>();

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
  private readonly loadedAt: number;
  constructor(
    readonly id: string,
    readonly label: string,
    private readonly snapshot: ChainSnapshot,
    now: () => number = Date.now,
  ) {
    this.loadedAt = now();
  }
  current(): VersionedSnapshot {
    return { snapshot: this.snapshot, version: 1 };
  }
  status(): SourceStatus {
    return { state: 'ok', lastGoodAt: this.loadedAt };
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
  private latest: VersionedSnapshot | undefined;
  private state: SourceStatus = { state: 'down', reason: 'no data received yet' };
  private readonly listeners = new ListenerSet();

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }
  status(): SourceStatus {
    return this.state;
  }
  subscribe(listener: () => void): () => void {
    return this.listeners.subscribe(listener);
  }
  push(snapshot: ChainSnapshot): void {
    this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
    this.state = { state: 'ok', lastGoodAt: this.now() };
    this.emit();
  }
  /** The feed is degraded (stale: data may lag) or gone (down); the last good snapshot is kept. */
  fail(state: 'stale' | 'down', reason: string): void {
    this.state = {
      state,
      reason,
      ...(this.state.lastGoodAt !== undefined ? { lastGoodAt: this.state.lastGoodAt } : {}),
    };
    this.emit();
  }
  private emit(): void {
    this.listeners.emit();
  }
}
