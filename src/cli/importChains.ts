import { ChainInputError } from '../chain/types.js';
import { expiryPins, PINS_TIME_ZONE } from '../history/study/pinning.js';
import { recordOf } from '../history/summary.js';
import type { SnapshotKey, SnapshotPins, SnapshotRecord, SnapshotStore } from '../store/types.js';
import { type ImportListing, type ImportReading, readImportFile, type SkippedFile } from './importFiles.js';
import type { ImportedSnapshot, ImportSummary } from './importSummary.js';

/** A file the user gave that could not be read as a chain: a refusal, not a bug of gexmap. */
function isRefusal(e: unknown): e is Error {
  if (e instanceof ChainInputError) return true;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' || code === 'ENOTDIR';
}

/** A reader's message without the file name it may start with: the summary names the file once. */
const withoutName = (message: string, file: string) =>
  message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;

const keyOf = (k: SnapshotKey) => `${k.venue}\u0000${k.underlying}\u0000${k.asOf}`;

/**
 * Reads every chain of `listing` once and writes the new ones through `store.writeSnapshots`, which
 * takes them as they come and writes whole batches. A chain whose key the store held before the
 * import is counted as existing without its summary being computed, so importing again costs the
 * parse only. A file that cannot be read is refused with the reader's message and the rest go on.
 */
export async function importChains(
  store: SnapshotStore,
  listing: ImportListing,
  reading: ImportReading,
  progress: (done: number, refused: number) => void = () => {},
): Promise<ImportSummary> {
  const refused = listing.missing.map((file) => ({ file, error: 'no such file or folder' }));
  const skipped: SkippedFile[] = [...listing.skipped];
  const snapshots: ImportedSnapshot[] = [];
  const before = new Set((await store.listSnapshots()).map(keyOf));
  let knownBefore = 0;

  async function* records(): AsyncGenerator<SnapshotRecord> {
    let done = 0;
    for (const file of listing.files) {
      let record: SnapshotRecord | undefined;
      try {
        const read = await readImportFile(file, reading);
        if ('skipped' in read) skipped.push({ file: file.path, reason: read.skipped });
        else if (read.snapshot.options.length === 0) {
          refused.push({ file: file.path, error: `no option admitted (${read.snapshot.dropped.length} rows dropped)` });
        } else {
          const s = read.snapshot;
          snapshots.push({
            file: file.path,
            venue: s.venue,
            underlying: s.underlying,
            asOf: s.asOf,
            options: s.options.length,
            dropped: s.dropped.length,
          });
          if (before.has(keyOf(s))) knownBefore++;
          else record = recordOf(s);
        }
      } catch (e) {
        if (!isRefusal(e)) throw e;
        const message = withoutName(e.message, file.path);
        const flags = reading.forwardFlags ?? [];
        // a forward refused for its size comes from the flags, not the file: say so, naming them
        const error =
          e instanceof ChainInputError && e.field === 'forward' && flags.length > 0
            ? `${flags.join(' ')} gives a forward no chain has: ${message} (forward = spot·e^{(r−q)t})`
            : message;
        refused.push({ file: file.path, error });
      }
      progress(++done, refused.length);
      if (record !== undefined) yield record;
    }
  }

  const outcome = await store.writeSnapshots(records());
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
