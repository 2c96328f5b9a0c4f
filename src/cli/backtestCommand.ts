import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BACKTEST_HORIZON } from '../core/units/index.js';
import { runBacktest } from '../history/backtest.js';
import { renderBacktestText } from '../report/backtestText.js';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { openStore } from '../store/open.js';
import { integerAtLeast } from './integerOptions.js';
import type { CliIo } from './io.js';
import { durationOption } from './unitOptions.js';
import { UsageError } from './usageError.js';

const HOUR_MS = 3_600_000;

interface BacktestFlags {
  db?: string;
  pg?: string;
  horizon: number;
  venue?: string;
  underlying?: string;
  json?: boolean;
  svg?: string;
  seed: number;
  resamples: number;
}

export function registerBacktest(program: Command, io: CliIo): void {
  program
    .command('backtest')
    .description('realised vol and |return| over the next N hours by regime and distance to flip, from the history')
    .option('--db <file>', 'DuckDB history file (default gexmap-history.duckdb)')
    .option('--pg <url>', 'PostgreSQL URL instead of a DuckDB file')
    .addOption(
      durationOption('--horizon <duration>', 'look-ahead: 24h, 3d', BACKTEST_HORIZON, {
        defaultMs: 24 * HOUR_MS,
        unitMs: HOUR_MS,
      }),
    )
    .option('--venue <venue>', 'only this venue')
    .option('--underlying <name>', 'only this underlying (BTC, ETH …)')
    .option('--seed <n>', 'bootstrap seed', integerAtLeast('--seed', 0), 1)
    .option('--resamples <n>', 'bootstrap resamples', integerAtLeast('--resamples', 100), 2000)
    .option('--json', 'print one JSON object instead of text')
    .option('--svg <file>', 'also write the chart as SVG')
    .action(async (flags: BacktestFlags) => {
      if (flags.db && flags.pg) throw new UsageError('--db and --pg exclude each other');
      // read-only and per operation: a recorder can keep writing the same DuckDB file
      const store = await openStore(flags, { readOnly: true, lock: 'per-operation' });
      let points: Awaited<ReturnType<typeof store.readSummaries>>;
      try {
        points = await store.readSummaries({
          ...(flags.venue !== undefined ? { venue: flags.venue } : {}),
          ...(flags.underlying !== undefined ? { underlying: flags.underlying.toUpperCase() } : {}),
        });
      } finally {
        await store.close();
      }
      const result = runBacktest(points, {
        horizonHours: flags.horizon,
        seed: flags.seed,
        resamples: flags.resamples,
      });
      if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
      else io.stdout(`${renderBacktestText(result, io.width ?? DEFAULT_TEXT_WIDTH)}\n`);
      if (flags.svg) {
        const { renderPanelSvg } = await import('../report/charts/exportCharts.js');
        const { backtestChartOption } = await import('../history/backtestChart.js');
        writeFileSync(flags.svg, renderPanelSvg(backtestChartOption(result), 900, 420));
      }
    });
}
