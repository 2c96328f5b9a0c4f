import type { ChainSnapshot } from '../chain/types.js';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from '../sources/venue/backoff.js';
import type { PacedGetOptions } from '../sources/venue/pacedGet.js';
import { type LiveVenue, venueSnapshotFetcher } from '../sources/venueSnapshots.js';
import type { SnapshotRecord, SnapshotStore } from '../store/types.js';
import { recordOf } from './summary.js';

/** One chain to record each round: a venue's currency (deribit BTC, okx ETH …). */
export interface RecordTarget {
  readonly venue: string;
  readonly currency: string;
  /** the whole chain as the venue serves it now */
  fetch(): Promise<ChainSnapshot>;
}

/**
 * The targets `venues` × `currencies`, one REST client per venue (retries 2, timeout 10 s unless
 * `http` says otherwise), every request stopped by `signal`.
 */
export function venueTargets(
  venues: readonly LiveVenue[],
  currencies: readonly string[],
  options: {
    readonly signal: AbortSignal;
    readonly baseUrl?: (venue: LiveVenue) => string;
    readonly http?: PacedGetOptions;
  },
): RecordTarget[] {
  return venues.flatMap((venue) => {
    const fetch = venueSnapshotFetcher(venue, {
      retries: 2,
      timeoutMs: 10_000,
      ...options.http,
      ...(options.baseUrl ? { baseUrl: options.baseUrl(venue) } : {}),
      signal: options.signal,
    });
    return currencies.map((currency) => ({ venue, currency, fetch: () => fetch(currency) }));
  });
}

export interface RecorderOptions {
  readonly store: SnapshotStore;
  /** what to record each round (see venueTargets) */
  readonly targets: readonly RecordTarget[];
  /** one snapshot per target every `everyMs` */
  readonly everyMs: number;
  /** stops the recorder: a snapshot being fetched is abandoned, one being written is finished */
  readonly signal: AbortSignal;
  /** one status line per event */
  readonly log: (line: string) => void;
  /** waits after consecutive failed rounds (venue or store unreachable) */
  readonly backoff?: BackoffPolicy;
  /** stop after this many rounds (tests) */
  readonly rounds?: number;
  /** snapshots waiting for the store beyond this many are dropped, oldest first (default 1,000) */
  readonly maxPending?: number;
}

export interface RecorderStats {
  rounds: number;
  written: number;
  unchanged: number;
  fetchErrors: number;
  storeErrors: number;
  pending: number;
  /** rounds (not cut short by the signal) that stored nothing: every venue failed, or the store did */
  emptyRounds: number;
  /** why the last empty round stored nothing */
  lastEmpty?: { readonly cause: 'venue' | 'store'; readonly detail: string };
}

const fmt = (n: number) => (Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n.toFixed(0));

/**
 * Records REST snapshots into a store: each round fetches every target, computes the
 * summary and writes each snapshot in its own transaction. A venue failure (network, timeout,
 * rate limit, bad answer) costs that snapshot only and is retried with backoff; a store failure
 * keeps the snapshot in memory and writes it (with any others waiting) when the store is back.
 * Snapshots already stored (same asOf after a restart) are counted as unchanged.
 */
export async function runRecorder(options: RecorderOptions): Promise<RecorderStats> {
  const { store, signal, log } = options;
  const stats: RecorderStats = {
    rounds: 0,
    written: 0,
    unchanged: 0,
    fetchErrors: 0,
    storeErrors: 0,
    pending: 0,
    emptyRounds: 0,
  };
  let lastError = '';
  const pending: SnapshotRecord[] = [];
  const maxPending = options.maxPending ?? 1000;
  let failures = 0;

  for (const venue of new Set(options.targets.map((t) => t.venue))) {
    const last = await store.readSummaries({ venue }).catch(() => []);
    const currencies = options.targets.filter((t) => t.venue === venue).map((t) => t.currency.toUpperCase());
    for (const underlying of new Set(last.map((s) => s.underlying))) {
      if (!currencies.some((c) => underlying.toUpperCase().startsWith(c))) continue;
      const mine = last.filter((s) => s.underlying === underlying);
      const latest = mine.at(-1);
      if (latest === undefined) continue;
      log(
        `resuming ${venue} ${underlying}: ${mine.length} snapshots stored, last ${new Date(latest.asOf).toISOString()}`,
      );
    }
  }

  /** Writes what is waiting, oldest first; each write is whole or nothing, and is never interrupted. */
  const flush = async (): Promise<boolean> => {
    for (let rec = pending[0]; rec !== undefined; rec = pending[0]) {
      try {
        const outcome = await store.writeSnapshot(rec);
        pending.shift();
        if (outcome === 'written') stats.written++;
        else stats.unchanged++;
        const s = rec.summary;
        log(
          `${outcome === 'written' ? 'stored' : 'unchanged'} ${rec.snapshot.venue} ${rec.snapshot.underlying} ${new Date(rec.snapshot.asOf).toISOString()} spot ${s.spot} net GEX ${fmt(s.netGex)} ${s.regime} options ${s.options} · written ${stats.written} unchanged ${stats.unchanged} errors ${stats.fetchErrors + stats.storeErrors}`,
        );
      } catch (e) {
        stats.storeErrors++;
        lastError = (e as Error).message;
        log(`store error (${pending.length} snapshot(s) waiting): ${(e as Error).message}`);
        return false;
      }
    }
    return true;
  };

  const start = Date.now();
  while (!signal.aborted && (options.rounds === undefined || stats.rounds < options.rounds)) {
    let ok = true;
    let fetched = 0;
    const storedBefore = stats.written + stats.unchanged;
    for (const target of options.targets) {
      if (signal.aborted) break;
      let snapshot: ChainSnapshot;
      try {
        snapshot = await target.fetch();
      } catch (e) {
        if (signal.aborted) break; // abandoned: nothing of it is written
        stats.fetchErrors++;
        ok = false;
        lastError = `${target.venue} ${target.currency}: ${(e as Error).message}`;
        log(`venue error for ${lastError}`);
        continue;
      }
      fetched++;
      pending.push(recordOf(snapshot));
      if (pending.length > maxPending) {
        pending.shift();
        log(`store unavailable for too long: dropped the oldest waiting snapshot (${maxPending} kept)`);
      }
    }
    // written even when stopping: a fetched snapshot is finished rather than lost
    if (!(await flush())) ok = false;
    stats.pending = pending.length;
    stats.rounds++;
    if (!signal.aborted && stats.written + stats.unchanged === storedBefore) {
      stats.emptyRounds++;
      stats.lastEmpty = { cause: fetched === 0 ? 'venue' : 'store', detail: lastError };
    }
    if (signal.aborted || (options.rounds !== undefined && stats.rounds >= options.rounds)) break;
    failures = ok ? 0 : failures + 1;
    const nextTick = start + stats.rounds * options.everyMs - Date.now();
    const wait = failures > 0 ? backoffDelay(options.backoff ?? DEFAULT_BACKOFF, failures - 1) : Math.max(0, nextTick);
    if (failures > 0) log(`retrying in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait, signal).catch(() => {});
  }
  stats.pending = pending.length;
  log(
    `recorder stopped: ${stats.written} written, ${stats.unchanged} unchanged, ${stats.fetchErrors} venue errors, ${stats.storeErrors} store errors${pending.length ? `, ${pending.length} not written` : ''}${stats.emptyRounds ? `, ${stats.emptyRounds} of ${stats.rounds} rounds stored nothing` : ''}`,
  );
  return stats;
}
