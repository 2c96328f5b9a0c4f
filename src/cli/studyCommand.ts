import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseInstant } from '../core/units/index.js';
import { expiryPins } from '../history/study/pinning.js';
import { runStudy } from '../history/study/study.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { renderStudyText } from '../report/studyText.js';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { readDailyValuesFile, readPricesFile } from '../sources/prices/read.js';
import { openStore } from '../store/open.js';
import type { SnapshotPins, SummaryPoint } from '../store/types.js';
import { integerAtLeast } from './integerOptions.js';
import type { CliIo } from './io.js';
import { UsageError } from './usageError.js';

interface StudyFlags {
  db?: string;
  pg?: string;
  prices: string;
  pricesMapping?: string;
  venue?: string;
  underlying?: string;
  from?: number;
  to?: number;
  compare?: string;
  seed: number;
  resamples: number;
  json?: boolean;
  svg?: string;
  png?: string;
}

const time = (name: string) => (value: string) => parseInstant(value, `--${name}`);

/** `--db postgres://…` is read as `--pg`. */
function storeTarget(flags: StudyFlags): { db?: string; pg?: string } {
  if (flags.db && flags.pg) throw new UsageError('--db and --pg exclude each other');
  if (flags.db !== undefined && /^postgres(ql)?:\/\//.test(flags.db)) return { pg: flags.db };
  return { ...(flags.db !== undefined ? { db: flags.db } : {}), ...(flags.pg !== undefined ? { pg: flags.pg } : {}) };
}

export function registerStudy(program: Command, io: CliIo): void {
  program
    .command('study')
    .description(
      'the regime study: next-session realised vol of each stored snapshot by regime, net GEX and flip distance, against real prices',
    )
    .option('--db <file>', 'DuckDB history file (default gexmap-history.duckdb), or a postgres:// URL')
    .option('--pg <url>', 'PostgreSQL URL instead of a DuckDB file')
    .requiredOption(
      '--prices <file>',
      'daily (date,open,high,low,close or date,o,h,l,c) or intraday (timestamp,…) bars CSV',
    )
    .option('--prices-mapping <file>', 'JSON: {columns, timeZone, sessionOpen, maxGapDays} of the prices file')
    .option('--venue <venue>', 'only this venue')
    .option('--underlying <name>', 'only this underlying (SPX …)')
    .option('--from <time>', 'snapshots from this instant (inclusive)', time('from'))
    .option('--to <time>', 'snapshots to this instant (exclusive)', time('to'))
    .option('--compare <file>', 'a published daily GEX series (date,gex) to compare with')
    .option('--seed <n>', 'bootstrap seed', integerAtLeast('--seed', 0), 1)
    .option('--resamples <n>', 'bootstrap resamples', integerAtLeast('--resamples', 100), 2000)
    .option('--json', 'print one JSON object instead of text')
    .option('--svg <file>', 'also write the charts as SVG')
    .option('--png <file>', 'also write the charts as PNG')
    .action(async (flags: StudyFlags) => {
      const target = storeTarget(flags);
      const [prices, compare] = await Promise.all([
        readPricesFile(flags.prices, flags.pricesMapping),
        flags.compare === undefined ? Promise.resolve(undefined) : readDailyValuesFile(flags.compare),
      ]);
      // read-only, and the file held only while the study reads it (one open for all the chains):
      // a recorder writing the same DuckDB file waits for it, then goes on
      const store = await openStore(target, { readOnly: true, lock: 'hold' });
      let points: SummaryPoint[];
      const pins = new Map<number, SnapshotPins>();
      try {
        const query = {
          ...(flags.venue !== undefined ? { venue: flags.venue } : {}),
          ...(flags.underlying !== undefined ? { underlying: flags.underlying.toUpperCase() } : {}),
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
        };
        points = await store.readSummaries(query);
        const several = [...new Set(points.map((p) => `${p.venue} ${p.underlying}`))];
        if (several.length > 1)
          throw new UsageError(
            `the store holds several chains (${several.join(', ')}): choose with --venue and --underlying`,
          );
        if (points.length === 0) throw new UsageError('no stored snapshots in the query: nothing to study');
        // pinning reads the pins stored with each snapshot; one stored without them (an older store,
        // until `gexmap import` fills them) or dated in another zone than the prices' is read whole
        const zone = prices.receipt.timeZone;
        for (const p of await store.readPins(query)) {
          if (p.pins !== null && p.pins.timeZone === zone) {
            pins.set(p.asOf, p.pins);
            continue;
          }
          const chain = await store.readSnapshot(p);
          if (chain !== undefined) pins.set(p.asOf, expiryPins(chain, zone));
        }
      } finally {
        await store.close();
      }
      const result = assertFiniteOutput(
        runStudy(points, prices, {
          seed: flags.seed,
          resamples: flags.resamples,
          pins,
          ...(compare !== undefined ? { compare } : {}),
        }),
        'gexmap study',
        'study',
      );
      io.stdout(
        flags.json ? `${JSON.stringify(result)}\n` : `${renderStudyText(result, io.width ?? DEFAULT_TEXT_WIDTH)}\n`,
      );
      if (flags.svg || flags.png) {
        const { renderPanelSvg, svgToPng } = await import('../report/charts/exportCharts.js');
        const { studyChartOption } = await import('../history/study/chart.js');
        const svg = renderPanelSvg(studyChartOption(result), 1000, 440);
        if (flags.svg) writeFileSync(flags.svg, svg);
        if (flags.png) writeFileSync(flags.png, svgToPng(svg));
      }
    });
}
