import { type Command, Option } from 'commander';
import { buildFullReport } from '../analytics/fullReport.js';
import type { GexWeight } from '../analytics/weight.js';
import { PROFILE_RANGE } from '../core/units/index.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { LEVEL_FORMATS, type LevelFormat, renderLevels } from '../report/levelsText.js';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { addChainSourceOptions, weightOption } from './chainOptions.js';
import { expiryViewFlag } from './expiryViewFlag.js';
import type { CliIo } from './io.js';
import { type ChainSourceOptions, loadChain } from './loadChain.js';
import { parsePinDays } from './mechanicsFlags.js';
import { fractionOption } from './unitOptions.js';
import { UsageError } from './usageError.js';

interface LevelsFlags extends ChainSourceOptions {
  readonly positioning: 'classic' | 'customer-long';
  readonly expiries: string;
  readonly range: number;
  readonly pinDays: number;
  readonly format: LevelFormat;
  readonly weight: GexWeight;
}

/** `gexmap levels <chain> --format table|csv|json|pine`: the key levels of one chain, sorted by price. */
export function registerLevels(program: Command, io: CliIo): void {
  addChainSourceOptions(
    program
      .command('levels')
      .description(
        'the key levels of one chain (flips, walls, max pain, OI clusters, expected moves), sorted by price',
      ),
  )
    .addOption(
      new Option('--format <format>', 'table, csv, json, or pine (a TradingView Pine v6 indicator)')
        .choices(LEVEL_FORMATS)
        .default('table'),
    )
    .addOption(
      new Option('--positioning <model>', 'dealer positioning model')
        .choices(['classic', 'customer-long'])
        .default('classic'),
    )
    .addOption(weightOption())
    .option('--expiries <view>', 'all | next | ex-next | <N>d (expiries within N days)', 'all')
    .addOption(
      fractionOption('--range <pct>', 'gamma-flip and OI-cluster range around spot, percent', PROFILE_RANGE, 20),
    )
    .option('--pin-days <n>', 'max pain of the expiries within N days', parsePinDays, 7)
    .action(async (flags: LevelsFlags) => {
      const view = expiryViewFlag(flags.expiries, '--expiries');
      const snapshot = await loadChain(flags);
      const report = buildFullReport(snapshot, {
        positioning: { model: flags.positioning },
        view,
        range: flags.range,
        pinDays: flags.pinDays,
        weight: flags.weight,
      });
      if (report.counts.options === 0)
        throw new UsageError(`no options left in view "${flags.expiries}" after validation`);
      assertFiniteOutput(report.keyLevels, 'gexmap levels');
      io.stdout(renderLevels(report, flags.format, io.width ?? DEFAULT_TEXT_WIDTH));
    });
}
