import type { ChainSnapshot } from '../chain/types.js';
import { openStore } from '../store/open.js';
import { type SnapshotMeta, StoreError } from '../store/types.js';
import { UsageError } from './loadChain.js';

export interface StoredChainFlags {
  readonly db?: string;
  readonly pg?: string;
  readonly venue?: string;
  readonly underlying?: string;
  /** the snapshot at or before this instant (epoch ms); default: the latest */
  readonly at?: number;
}

const keyOf = (m: SnapshotMeta) => `${m.venue} ${m.underlying}`;

/**
 * The stored snapshot at or before `at` of one venue and underlying, read back whole from the
 * history store (DuckDB read-only, so a recorder can keep writing the file).
 */
export async function loadStoredChain(flags: StoredChainFlags): Promise<ChainSnapshot> {
  if (flags.db && flags.pg) throw new UsageError('--db and --pg exclude each other');
  const store = await openStore(flags, { readOnly: flags.pg === undefined, lock: 'per-operation' });
  try {
    const candidates = await store.listSnapshots({
      ...(flags.venue !== undefined ? { venue: flags.venue } : {}),
      ...(flags.underlying !== undefined ? { underlying: flags.underlying } : {}),
      ...(flags.at !== undefined ? { to: flags.at + 1 } : {}),
    });
    const chains = [...new Set(candidates.map(keyOf))];
    if (chains.length > 1) {
      throw new UsageError(
        `the store holds several chains (${chains.join(', ')}): choose with --venue and --underlying`,
      );
    }
    const latest = candidates.reduce<SnapshotMeta | undefined>(
      (a, m) => (a === undefined || m.asOf > a.asOf ? m : a),
      undefined,
    );
    if (latest === undefined) {
      const what = [flags.venue, flags.underlying].filter((x) => x !== undefined).join(' ') || 'any chain';
      const when = flags.at !== undefined ? ` at or before ${new Date(flags.at).toISOString()}` : '';
      throw new UsageError(`no stored snapshot of ${what}${when}`);
    }
    const snapshot = await store.readSnapshot(latest);
    if (snapshot === undefined)
      throw new StoreError(`the snapshot ${keyOf(latest)} ${latest.asOf} went missing while read`);
    return snapshot;
  } finally {
    await store.close();
  }
}
