import { droppedCount } from '../chain/dropLog.js';
import { ChainInputError } from '../chain/types.js';
import { recordOf } from '../history/summary.js';
import type { SnapshotKey, SnapshotRecord, WritableRecord } from '../store/types.js';
import { type ImportFile, type ImportReading, readImportFile } from './importFiles.js';
import type { ImportedSnapshot } from './importSummary.js';

/**
 * What reading one file of an import came to: a chain (with its record, packed when a worker read
 * it, unless the store held its key before the import), a refusal with the reader's message, or a folder's file that holds no chain.
 */
export type FileOutcome<R extends WritableRecord = SnapshotRecord> =
  | { readonly kind: 'chain'; readonly snapshot: ImportedSnapshot; readonly record?: R }
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export const keyOf = (k: SnapshotKey) => `${k.venue}\u0000${k.underlying}\u0000${k.asOf}`;

/** A file the user gave that could not be read as a chain: a refusal, not a bug of gexmap. */
function isRefusal(e: unknown): e is Error {
  if (e instanceof ChainInputError) return true;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' || code === 'ENOTDIR';
}

/** A reader's message without the file name it may start with: the summary names the file once. */
const withoutName = (message: string, file: string) =>
  message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;

/**
 * Reads one file of an import and, for a chain whose key is not in `known` (stored before the
 * import), computes its summary and pins: everything of an import but the write, so that it can run
 * off the thread that writes. A refusal is an outcome; any other error (a bug of gexmap) is thrown.
 */
export async function readChainFile(
  file: ImportFile,
  reading: ImportReading,
  known: ReadonlySet<string>,
): Promise<FileOutcome> {
  try {
    const read = await readImportFile(file, reading);
    if ('skipped' in read) return { kind: 'skipped', reason: read.skipped };
    const s = read.snapshot;
    // counted, not worded: a worker packs the drops as JSON straight from the reader's log
    const dropped = droppedCount(s);
    if (s.options.length === 0) return { kind: 'refused', error: `no option admitted (${dropped} rows dropped)` };
    const snapshot: ImportedSnapshot = {
      file: file.path,
      venue: s.venue,
      underlying: s.underlying,
      asOf: s.asOf,
      options: s.options.length,
      dropped,
    };
    return known.has(keyOf(s)) ? { kind: 'chain', snapshot } : { kind: 'chain', snapshot, record: recordOf(s) };
  } catch (e) {
    if (!isRefusal(e)) throw e;
    const message = withoutName(e.message, file.path);
    const flags = reading.forwardFlags ?? [];
    // a forward refused for its size comes from the flags, not the file: say so, naming them
    const error =
      e instanceof ChainInputError && e.field === 'forward' && flags.length > 0
        ? `${flags.join(' ')} gives a forward no chain has: ${message} (forward = spot·e^{(r−q)t})`
        : message;
    return { kind: 'refused', error };
  }
}
