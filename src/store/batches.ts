import { optionCountOf } from './packedRecord.js';
import type { WritableRecord, WriteOutcome } from './types.js';

export interface BatchLimits {
  /** option rows (plus one per snapshot) in a batch before it is written */
  readonly rows: number;
  /** snapshots in a batch before it is written, whatever their rows */
  readonly snapshots?: number;
}

/**
 * Feeds `records` to `writeBatch` (one transaction each, whole snapshots only) in batches within
 * `limits`, and counts what was written and what was stored already.
 */
export async function writeInBatches(
  records: Iterable<WritableRecord> | AsyncIterable<WritableRecord>,
  writeBatch: (batch: WritableRecord[]) => Promise<WriteOutcome[]>,
  limits: BatchLimits,
): Promise<{ written: number; existing: number }> {
  let written = 0;
  let existing = 0;
  let batch: WritableRecord[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const todo = batch;
    batch = [];
    rows = 0;
    for (const o of await writeBatch(todo)) {
      if (o === 'written') written++;
      else existing++;
    }
  };
  for await (const r of records) {
    batch.push(r);
    rows += optionCountOf(r) + 1;
    if (rows >= limits.rows || batch.length >= (limits.snapshots ?? Number.POSITIVE_INFINITY)) await flush();
  }
  await flush();
  return { written, existing };
}
