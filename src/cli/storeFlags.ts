import type { Command } from 'commander';
import { UsageError } from './usageError.js';

/** Where the history commands read and write: a DuckDB file or a PostgreSQL URL. */
export interface StoreFlags {
  db?: string;
  pg?: string;
}

export function storeOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'DuckDB history file (default gexmap-history.duckdb), or a postgres:// URL')
    .option('--pg <url>', 'PostgreSQL URL instead of a DuckDB file');
}

export function checkStore(flags: StoreFlags): void {
  if (flags.db && flags.pg) throw new UsageError('--db and --pg exclude each other');
}
