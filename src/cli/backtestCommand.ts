import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { renderBacktestText, runBacktest } from '../history/backtest.js';
import { openStore } from '../store/open.js';
import { integerAtLeast } from './integerOptions.js';
import { UsageError } from './loadChain.js';
import type { CliIo } from './main.js';

function parseHorizon(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(h|d)?$/.exec(value.trim());
  const hours = m ? Number(m[1]) * (m[2] === 'd' ? 24 : 1) : Number.NaN;
  if (!(hours > 0)) throw new InvalidArgumentError(`horizon (${value}) must be a duration such as 24h or 3d`);
  return hours;
}

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
    .option('--horizon <duration>', 'look-ahead: 24h, 3d', parseHorizon, 24)
    .option('--venue <venue>', 'only this venue')
    .option('--underlying <name>', 'only this underlying (BTC, ETH …)')
    .option('--seed <n>', 'bootstrap seed', integerAtLeast('seed', 0), 1)
    .option('--resamples <n>', 'bootstrap resamples', integerAtLeast('resamples', 100), 2000)
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
      else io.stdout(`${renderBacktestText(result)}\n`);
      if (flags.svg) {
        const { renderPanelSvg } = await import('../report/charts/exportCharts.js');
        const { backtestChartOption } = await import('../history/backtestChart.js');
        writeFileSync(flags.svg, renderPanelSvg(backtestChartOption(result), 900, 420));
      }
    });
}
