import type { ChainSnapshot } from '../chain/types.js';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from '../sources/deribit/live/backoff.js';
import { DeribitHttp, type DeribitHttpOptions } from '../sources/deribit/live/http.js';
import { deribitMarket } from '../sources/deribit/live/market.js';
import { fetchDeribitSnapshot } from '../sources/deribit/live/snapshot.js';
import { recordOf } from '../store/summary.js';
import type { SnapshotRecord, SnapshotStore } from '../store/types.js';

export interface RecorderOptions {
  readonly store: SnapshotStore;
  /** Deribit currencies: BTC, ETH, SOL … */
  readonly currencies: readonly string[];
  readonly baseUrl: string;
  /** one snapshot per currency every `everyMs` */
  readonly everyMs: number;
  /** stops the recorder: a snapshot being fetched is abandoned, one being written is finished */
  readonly signal: AbortSignal;
  /** one status line per event */
  readonly log: (line: string) => void;
  /** waits after consecutive failed rounds (venue or store unreachable) */
  readonly backoff?: BackoffPolicy;
  readonly http?: Partial<Omit<DeribitHttpOptions, 'baseUrl' | 'signal'>>;
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
}

const fmt = (n: number) => (Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n.toFixed(0));

/**
 * Records Deribit REST snapshots into a store: each round fetches every currency, computes the
 * summary and writes each snapshot in its own transaction. A venue failure (network, timeout,
 * rate limit, bad answer) costs that snapshot only and is retried with backoff; a store failure
 * keeps the snapshot in memory and writes it (with any others waiting) when the store is back.
 * Snapshots already stored (same asOf after a restart) are counted as unchanged.
 */
export async function runRecorder(options: RecorderOptions): Promise<RecorderStats> {
  const { store, signal, log } = options;
  const http = new DeribitHttp({ retries: 2, timeoutMs: 10_000, ...options.http, baseUrl: options.baseUrl, signal });
  const stats: RecorderStats = { rounds: 0, written: 0, unchanged: 0, fetchErrors: 0, storeErrors: 0, pending: 0 };
  const pending: SnapshotRecord[] = [];
  const maxPending = options.maxPending ?? 1000;
  let failures = 0;

  const last = await store.readSummaries({ venue: 'deribit' }).catch(() => []);
  for (const c of options.currencies) {
    const mine = last.filter((s) => s.underlying === deribitMarket(c).name);
    if (mine.length > 0)
      log(`resuming ${c}: ${mine.length} snapshots stored, last ${new Date(mine.at(-1)!.asOf).toISOString()}`);
  }

  /** Writes what is waiting, oldest first; each write is whole or nothing, and is never interrupted. */
  const flush = async (): Promise<boolean> => {
    while (pending.length > 0) {
      const rec = pending[0]!;
      try {
        const outcome = await store.writeSnapshot(rec);
        pending.shift();
        if (outcome === 'written') stats.written++;
        else stats.unchanged++;
        const s = rec.summary;
        log(
          `${outcome === 'written' ? 'stored' : 'unchanged'} deribit ${rec.snapshot.underlying} ${new Date(rec.snapshot.asOf).toISOString()} spot ${s.spot} net GEX ${fmt(s.netGex)} ${s.regime} options ${s.options} · written ${stats.written} unchanged ${stats.unchanged} errors ${stats.fetchErrors + stats.storeErrors}`,
        );
      } catch (e) {
        stats.storeErrors++;
        log(`store error (${pending.length} snapshot(s) waiting): ${(e as Error).message}`);
        return false;
      }
    }
    return true;
  };

  const start = Date.now();
  while (!signal.aborted && (options.rounds === undefined || stats.rounds < options.rounds)) {
    let ok = true;
    for (const currency of options.currencies) {
      if (signal.aborted) break;
      let snapshot: ChainSnapshot;
      try {
        snapshot = (await fetchDeribitSnapshot(http, deribitMarket(currency))).snapshot;
      } catch (e) {
        if (signal.aborted) break; // abandoned: nothing of it is written
        stats.fetchErrors++;
        ok = false;
        log(`venue error for ${currency}: ${(e as Error).message}`);
        continue;
      }
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
    if (signal.aborted || (options.rounds !== undefined && stats.rounds >= options.rounds)) break;
    failures = ok ? 0 : failures + 1;
    const nextTick = start + stats.rounds * options.everyMs - Date.now();
    const wait = failures > 0 ? backoffDelay(options.backoff ?? DEFAULT_BACKOFF, failures - 1) : Math.max(0, nextTick);
    if (failures > 0) log(`retrying in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait, signal).catch(() => {});
  }
  stats.pending = pending.length;
  log(
    `recorder stopped: ${stats.written} written, ${stats.unchanged} unchanged, ${stats.fetchErrors} venue errors, ${stats.storeErrors} store errors${pending.length ? `, ${pending.length} not written` : ''}`,
  );
  return stats;
}
