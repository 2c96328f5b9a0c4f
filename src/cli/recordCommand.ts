import type { Command } from 'commander';
import { escapeText } from '../core/escape.js';
import { RECORD_EVERY } from '../core/units/index.js';
import { type RecorderStats, runRecorder, venueTargets } from '../history/recorder.js';
import { openStore } from '../store/open.js';
import { parseRetries } from './deribitLive.js';
import { ExitError } from './exitError.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { durationOption } from './unitOptions.js';
import { UsageError } from './usageError.js';
import { LIVE_VENUES, venueSet } from './venues.js';

/**
 * Cron and systemd judge a recorder by its exit code: a round that stored nothing is a failure,
 * 3 when every venue failed (as for a report), 1 when the store refused the snapshots.
 */
function emptyRoundsError(empty: number, rounds: number, last: NonNullable<RecorderStats['lastEmpty']>): ExitError {
  const why = last.cause === 'venue' ? 'every venue failed' : 'the store refused the snapshots';
  const detail = escapeText(last.detail, 300);
  return new ExitError(
    `record: ${empty} of ${rounds} round(s) stored nothing (last: ${why}${detail ? `, ${detail}` : ''})`,
    last.cause === 'venue' ? 3 : 1,
  );
}

interface RecordFlags {
  venue: string;
  currency: string;
  every: number;
  db?: string;
  pg?: string;
  baseUrl?: string;
  rounds?: number;
  retries?: number;
}

export function registerRecord(program: Command, io: CliIo): void {
  program
    .command('record')
    .description('record REST snapshots (chain + GEX summary) into the history store until stopped (Ctrl-C)')
    .option('--venue <list>', `venues, comma-separated (${LIVE_VENUES.join(', ')})`, 'deribit')
    .option('--currency <list>', 'currencies, comma-separated (each recorded on every venue)', 'BTC')
    .addOption(
      durationOption('--every <duration>', 'interval between snapshots: 60s, 5m, 1h', RECORD_EVERY, {
        defaultMs: 60_000,
      }),
    )
    .option('--db <file>', 'DuckDB history file (default gexmap-history.duckdb)')
    .option('--pg <url>', 'PostgreSQL URL instead of a DuckDB file')
    .option(
      '--base-url <url>',
      'REST base URL of the venue (a local server, testnet); with several venues venue=URL pairs',
    )
    .option('--rounds <n>', 'stop after N rounds', positiveInteger('--rounds'))
    .option('--retries <n>', 'retries of a failed REST request within a round (default 2)', parseRetries)
    .action(async (flags: RecordFlags) => {
      const set = venueSet({ venue: flags.venue, ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}) });
      const venues = set.venues.map((at) => at.venue);
      const baseUrls = new Map(set.venues.map((at) => [at.venue, at.baseUrl]));
      if (flags.db && flags.pg) throw new UsageError('--db and --pg exclude each other');
      const currencies = flags.currency
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== '');
      if (currencies.length === 0) throw new UsageError('--currency names no currency');
      // DuckDB: the file is opened for each write and closed after, so readers can take turns with the recorder
      const store = await openStore(flags, { lock: 'per-operation' });
      const stop = new AbortController();
      const onSignal = () => stop.abort(new Error('stopped'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        io.stderr(
          `recording ${venues.join(', ')} ${currencies.join(', ')} every ${flags.every / 1000} s into ${flags.pg ? 'PostgreSQL' : (flags.db ?? 'gexmap-history.duckdb')}\n`,
        );
        const stats = await runRecorder({
          store,
          targets: venueTargets(venues, currencies, {
            signal: stop.signal,
            baseUrl: (v) => {
              const url = baseUrls.get(v);
              if (url === undefined) throw new Error(`no REST origin for ${v}`);
              return url;
            },
            ...(flags.retries !== undefined ? { http: { retries: flags.retries } } : {}),
          }),
          everyMs: flags.every,
          signal: stop.signal,
          log: (line) => io.stderr(`${new Date().toISOString()} ${line}\n`),
          ...(flags.rounds !== undefined ? { rounds: flags.rounds } : {}),
        });
        if (stats.lastEmpty) throw emptyRoundsError(stats.emptyRounds, stats.rounds, stats.lastEmpty);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await store.close();
      }
    });
}
