import { shownSourceName } from '../chain/sourceName.js';
import type { ChainSnapshot } from '../chain/types.js';
import { openStore } from '../store/open.js';
import { type SnapshotChoice, SnapshotChoiceError, snapshotAt } from '../store/snapshotAt.js';
import { UsageError } from './usageError.js';

export interface StoredChainFlags extends SnapshotChoice {
  readonly db?: string;
  readonly pg?: string;
}

/**
 * The stored snapshot at or before `at` of one venue and underlying, from the history store
 * (DuckDB read-only, so a recorder can keep writing the file), its file source by base name as
 * a file read directly would show it.
 */
export async function loadStoredChain(flags: StoredChainFlags): Promise<ChainSnapshot> {
  const store = await openStore(flags, { readOnly: flags.pg === undefined, lock: 'per-operation' });
  try {
    const snapshot = await snapshotAt(store, flags);
    return { ...snapshot, source: shownSourceName(snapshot.source) };
  } catch (e) {
    if (e instanceof SnapshotChoiceError) throw new UsageError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}
