import { expiryPins, PINS_TIME_ZONE } from '../history/study/pinning.js';
import type { SnapshotKey, SnapshotPins, SnapshotStore, WritableRecord } from '../store/types.js';
import type { ImportListing, ImportReading, SkippedFile } from './importFiles.js';
import { importThreads, openChainReaders } from './importPool.js';
import { keyOf } from './importRead.js';
import type { ImportedSnapshot, ImportSummary } from './importSummary.js';

export interface ImportOptions {
  /** worker threads reading, parsing and summarising ahead of the writes (0: all in this thread); default importThreads */
  readonly threads?: number;
}

/**
 * Reads every chain of `listing` once and writes the new ones through `store.writeSnapshots`, which
 * takes them as they come and writes whole batches. A chain whose key the store held before the
 * import is counted as existing without its summary being computed, so importing again costs the
 * parse only. A file that cannot be read is refused with the reader's message and the rest go on.
 * The files are read, parsed and summarised by worker threads a few files ahead of the writes
 * (in this thread when none can start), and taken in file order whatever thread read them.
 */
export async function importChains(
  store: SnapshotStore,
  listing: ImportListing,
  reading: ImportReading,
  progress: (done: number, refused: number) => void = () => {},
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const refused = listing.missing.map((file) => ({ file, error: 'no such file or folder' }));
  const skipped: SkippedFile[] = [...listing.skipped];
  const snapshots: ImportedSnapshot[] = [];
  const before = new Set((await store.listSnapshots()).map(keyOf));
  let knownBefore = 0;
  const readers = await openChainReaders(reading, before, options.threads ?? importThreads(listing.files.length));

  async function* records(): AsyncGenerator<WritableRecord> {
    let done = 0;
    for await (const outcome of readers.outcomes(listing.files)) {
      const file = listing.files[done] as (typeof listing.files)[number];
      let record: WritableRecord | undefined;
      if (outcome.kind === 'skipped') skipped.push({ file: file.path, reason: outcome.reason });
      else if (outcome.kind === 'refused') refused.push({ file: file.path, error: outcome.error });
      else {
        snapshots.push(outcome.snapshot);
        if (outcome.record === undefined) knownBefore++;
        else record = outcome.record;
      }
      progress(++done, refused.length);
      if (record !== undefined) yield record;
    }
  }

  let outcome: { written: number; existing: number };
  try {
    outcome = await store.writeSnapshots(records());
  } finally {
    await readers.close();
  }
  const pinsFilled = await fillMissingPins(store);
  return { stored: outcome.written, existing: outcome.existing + knownBefore, refused, skipped, snapshots, pinsFilled };
}

/**
 * Gives the snapshots of a store written before the pins existed their pins, computed once from
 * their rows, so that a study of an older store reads no option rows either after one import.
 */
export async function fillMissingPins(store: SnapshotStore): Promise<number> {
  const filled: (SnapshotKey & { pins: SnapshotPins })[] = [];
  for (const p of await store.listWithoutPins()) {
    const chain = await store.readSnapshot(p);
    if (chain !== undefined)
      filled.push({ venue: p.venue, underlying: p.underlying, asOf: p.asOf, pins: expiryPins(chain, PINS_TIME_ZONE) });
  }
  return store.fillPins(filled);
}
