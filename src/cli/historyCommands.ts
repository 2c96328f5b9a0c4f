import type { Command } from 'commander';
import { parseInstant, SNAPSHOT_INTERVAL } from '../core/units/index.js';
import { recordOf } from '../history/summary.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { renderHistoryText } from '../report/historyText.js';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { readTardisOptionsChain } from '../sources/tardis/optionsChain.js';
import { openStore } from '../store/open.js';
import { registerBacktest } from './backtestCommand.js';
import { registerImport } from './importCommand.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { registerRecord } from './recordCommand.js';
import { checkStore, type StoreFlags, storeOptions } from './storeFlags.js';
import { registerStudy } from './studyCommand.js';
import { durationOption } from './unitOptions.js';
import { UsageError } from './usageError.js';

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');

/** `--at`, `--from`, `--to`: an ISO time or epoch ms, read as the API reads `at`, `from` and `to`. */
export function parseTime(name: string) {
  return (value: string): number => parseInstant(value, `--${name}`);
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

type RangeFlags = StoreFlags & { venue?: string; underlying?: string; from?: number; to?: number };

/** The history query of --venue, --underlying, --from and --to. */
const queryOf = ({ venue, underlying, from, to }: RangeFlags) => ({
  ...(venue !== undefined ? { venue } : {}),
  ...(underlying !== undefined ? { underlying } : {}),
  ...(from !== undefined ? { from } : {}),
  ...(to !== undefined ? { to } : {}),
});

/** The history commands: record, import, import-tardis, backtest, history, export-parquet, import-parquet. */
export function registerHistory(program: Command, io: CliIo): void {
  registerRecord(program, io);
  registerImport(program, io);
  registerBacktest(program, io);
  registerStudy(program, io);

  storeOptions(
    program
      .command('import-tardis <file>')
      .description('backfill history from a Tardis options_chain CSV (streamed; one snapshot per interval)')
      .addOption(
        durationOption('--interval <duration>', 'snapshot interval: 1h, 15m …', SNAPSHOT_INTERVAL, {
          defaultMs: 3_600_000,
        }),
      )
      .option('--underlying <list>', 'only these underlyings, comma-separated (BTC,ETH)', list),
  ).action(async (file: string, flags: StoreFlags & { interval: number; underlying?: string[] }) => {
    checkStore(flags);
    const store = await openStore(flags);
    let written = 0;
    let existing = 0;
    let dropped = 0;
    let lastLine = 0;
    try {
      const snapshots = readTardisOptionsChain(file, {
        intervalMs: flags.interval,
        ...(flags.underlying ? { underlyings: flags.underlying } : {}),
        onProgress: (read, total) => {
          const now = Date.now();
          if (now - lastLine < 500 && read < total) return;
          lastLine = now;
          io.stderr(
            `import ${mb(read)} / ${mb(total)} (${((read / Math.max(total, 1)) * 100).toFixed(1)} %) · ${written} snapshots written\n`,
          );
        },
      });
      for await (const snap of snapshots) {
        dropped += snap.dropped.length;
        if (snap.options.length === 0) continue;
        if ((await store.writeSnapshot(recordOf(snap))) === 'written') written++;
        else existing++;
      }
    } finally {
      await store.close();
    }
    io.stdout(`imported ${written} snapshots (${existing} already stored, ${dropped} rows dropped in all)\n`);
  });

  storeOptions(
    program
      .command('export-parquet <dir>')
      .description('export history as Parquet, partitioned venue=/underlying=/date=')
      .option('--venue <venue>')
      .option('--underlying <name>')
      .option('--from <time>', 'from this instant (inclusive)', parseTime('from'))
      .option('--to <time>', 'to this instant (exclusive)', parseTime('to')),
  ).action(async (dir: string, flags: RangeFlags) => {
    checkStore(flags);
    const store = await openStore(flags, { readOnly: !flags.pg, lock: 'per-operation' });
    try {
      const { exportParquet } = await import('../store/parquet.js');
      const n = await exportParquet(store, dir, queryOf(flags));
      io.stdout(`exported ${n} snapshots to ${dir}\n`);
    } finally {
      await store.close();
    }
  });

  storeOptions(
    program
      .command('history')
      .description('the stored map over time: net GEX, spot, regime, nearest flip and walls of each snapshot')
      .option('--venue <venue>')
      .option('--underlying <name>')
      .option('--from <time>', 'from this instant (inclusive)', parseTime('from'))
      .option('--to <time>', 'to this instant (exclusive)', parseTime('to'))
      .option('--rows <n>', 'latest snapshots in the table (text)', positiveInteger('--rows'), 24)
      .option('--json', 'print {venue, underlying, summary, points} as JSON'),
  ).action(async (flags: RangeFlags & { rows: number; json?: boolean }) => {
    checkStore(flags);
    const store = await openStore(flags, { readOnly: !flags.pg, lock: 'per-operation' });
    try {
      const points = assertFiniteOutput(await store.readSummaries(queryOf(flags)), 'gexmap history', 'points');
      const chains = [...new Set(points.map((p) => `${p.venue} ${p.underlying}`))];
      if (chains.length > 1) {
        throw new UsageError(
          `the store holds several chains (${chains.join(', ')}): choose with --venue and --underlying`,
        );
      }
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({
            venue: points[0]?.venue ?? flags.venue ?? null,
            underlying: points[0]?.underlying ?? flags.underlying ?? null,
            summary:
              'classic positioning, all expiries, flips within ±20 % of spot; asOf in epoch ms (UTC), GEX in USD per 1 % move',
            points,
          })}\n`,
        );
      } else
        io.stdout(
          `${renderHistoryText(points, { rows: flags.rows, color: io.color, width: io.width ?? DEFAULT_TEXT_WIDTH })}\n`,
        );
    } finally {
      await store.close();
    }
  });

  storeOptions(
    program.command('import-parquet <dir>').description('import a Parquet export (the layout export-parquet writes)'),
  ).action(async (dir: string, flags: StoreFlags) => {
    checkStore(flags);
    const store = await openStore(flags);
    try {
      const { importParquet } = await import('../store/parquet.js');
      const r = await importParquet(dir, store);
      io.stdout(`imported ${r.written} snapshots (${r.existing} already stored)\n`);
    } finally {
      await store.close();
    }
  });
}
