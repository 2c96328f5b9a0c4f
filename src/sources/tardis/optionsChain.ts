import type { ChainSnapshot } from '../../chain/types.js';
import type { TardisImportOptions } from './format.js';
import { readTardisLines } from './lines.js';

/**
 * Streams a Tardis options_chain CSV (gigabytes are fine) and yields one snapshot per underlying
 * and interval, in time order. Rows are admitted like every other reader's: zero OI, no IV, absurd
 * IV and expired options are dropped and counted per snapshot; malformed rows raise a
 * ChainInputError naming the line and field.
 *
 * A file DuckDB can read whole (well-formed, time-ordered: what Tardis publishes) is scanned by
 * DuckDB's CSV reader, which also picks each option's latest row per interval in SQL; any file it
 * cannot vouch for (see `duckdbScan.ts`) is read line by line here instead, so both give the same
 * snapshots and the same errors.
 */
export async function* readTardisOptionsChain(
  path: string,
  options: TardisImportOptions = {},
): AsyncGenerator<ChainSnapshot> {
  if (options.scanner !== 'lines') {
    // loaded here, not at start-up: DuckDB's native binding is only needed once a file is scanned
    const { scanTardisWithDuckDb } = await import('./duckdbScan.js');
    const fast = await scanTardisWithDuckDb(path, options);
    if (fast !== undefined) {
      yield* fast;
      return;
    }
  }
  yield* readTardisLines(path, options);
}
