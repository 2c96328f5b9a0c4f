import type { ChainSnapshot } from '../chain/types.js';
import type { SnapshotMeta, SnapshotStore } from './types.js';

export interface SnapshotChoice {
  readonly venue?: string;
  readonly underlying?: string;
  /** the snapshot at or before this instant (epoch ms); default: the latest */
  readonly at?: number;
}

/** No stored snapshot answers the choice (`none`), or it names no single chain (`ambiguous`). */
export class SnapshotChoiceError extends Error {
  constructor(
    message: string,
    readonly kind: 'none' | 'ambiguous',
  ) {
    super(message);
    this.name = 'SnapshotChoiceError';
  }
}

const keyOf = (m: SnapshotMeta) => `${m.venue} ${m.underlying}`;

/** The stored snapshot of one venue and underlying at or before `at`, read back whole. */
export async function snapshotAt(store: SnapshotStore, choice: SnapshotChoice): Promise<ChainSnapshot> {
  const candidates = await store.listSnapshots({
    ...(choice.venue !== undefined ? { venue: choice.venue } : {}),
    ...(choice.underlying !== undefined ? { underlying: choice.underlying } : {}),
    ...(choice.at !== undefined ? { to: choice.at + 1 } : {}),
  });
  const chains = [...new Set(candidates.map(keyOf))];
  if (chains.length > 1) {
    throw new SnapshotChoiceError(
      `the store holds several chains (${chains.join(', ')}): name the venue and underlying`,
      'ambiguous',
    );
  }
  // listed oldest first
  const latest = candidates.at(-1);
  const what = [choice.venue, choice.underlying].filter((x) => x !== undefined).join(' ') || 'any chain';
  const when = choice.at !== undefined ? ` at or before ${new Date(choice.at).toISOString()}` : '';
  if (latest === undefined) throw new SnapshotChoiceError(`no stored snapshot of ${what}${when}`, 'none');
  const snapshot = await store.readSnapshot(latest);
  if (snapshot === undefined) {
    throw new SnapshotChoiceError(`the snapshot ${keyOf(latest)} of ${latest.asOf} went missing while read`, 'none');
  }
  return snapshot;
}
