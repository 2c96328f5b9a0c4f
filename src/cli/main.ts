import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { buildGexReport } from '../analytics/gexReport.js';
import { parseExpiryView } from '../analytics/views.js';
import { ChainInputError } from '../chain/types.js';
import { type Positioning, PositioningError } from '../positioning/models.js';
import { renderTextReport } from '../report/textReport.js';
import { loadChain, UsageError } from './loadChain.js';
import { registerServe } from './serveCommand.js';
import { AlertConfigError } from '../server/alerts/config.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
}

function finiteNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} (${value}) must be a number`);
    return n;
  };
}

/** `--range 20` or `--range 20%`: half-width of the profile range in percent of spot. */
function parseRange(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (!(n > 0 && n < 100))
    throw new InvalidArgumentError(`range (${value}) must be a percentage between 0 and 100, e.g. 20 for ±20 %`);
  return n / 100;
}

function parseRows(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`rows (${value}) must be a positive integer`);
  return n;
}

function readPositions(path: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`positions file ${path}: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`positions file ${path}: expected a JSON object {"INSTRUMENT": dealer contracts, ...}`);
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UsageError(`positions file ${path}: ${k} (${String(v)}) must be a number`);
  }
  return parsed as Record<string, number>;
}

interface ReportFlags {
  cboe?: string;
  deribitDir?: string;
  positioning: 'classic' | 'customer-long' | 'positions';
  positions?: string;
  expiries: string;
  range: number;
  rate?: number;
  yield?: number;
  json?: boolean;
  svg?: string;
  png?: string;
  rows: number;
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('gexmap')
    .description(
      'Dealer gamma exposure (GEX) map of an option chain: regime, gamma flips, walls, max pain, OI clusters',
    )
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('report')
    .description('GEX report of one chain (text, or --json)')
    .option('--cboe <file>', 'CBOE delayed-quotes CSV (equity index / ETF chain)')
    .option('--deribit-dir <dir>', 'folder with Deribit get_instruments.json and get_book_summary_by_currency.json')
    .addOption(
      new Option('--positioning <model>', 'dealer positioning model')
        .choices(['classic', 'customer-long', 'positions'])
        .default('classic'),
    )
    .option(
      '--positions <file>',
      'JSON {"INSTRUMENT": dealer contracts (+ long / − short)} for --positioning positions',
    )
    .option('--expiries <view>', 'all | next | ex-next | <N>d (expiries within N days)', 'all')
    .option('--range <pct>', 'profile range around spot, percent', parseRange, 0.2)
    .option('--rate <r>', 'risk-free rate for BSM chains (continuous, decimal)', finiteNumber('rate'))
    .option('--yield <q>', 'dividend yield for BSM chains (continuous, decimal)', finiteNumber('yield'))
    .option('--rows <n>', 'strikes shown around spot', parseRows, 25)
    .option('--json', 'print one JSON object instead of text')
    .option('--svg <file>', 'also write the charts as one SVG (server-side ECharts)')
    .option('--png <file>', 'also write the charts as one PNG (SVG rasterised with the bundled font)')
    .action(async (flags: ReportFlags) => {
      let positioning: Positioning;
      if (flags.positioning === 'positions') {
        if (!flags.positions) throw new UsageError('--positioning positions needs --positions FILE');
        positioning = { model: 'positions', positions: readPositions(flags.positions) };
      } else {
        if (flags.positions) throw new UsageError('--positions FILE is only read with --positioning positions');
        positioning = { model: flags.positioning };
      }
      let view: ReturnType<typeof parseExpiryView>;
      try {
        view = parseExpiryView(flags.expiries);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const snapshot = await loadChain(flags);
      const report = buildGexReport(snapshot, { positioning, view, range: flags.range });
      if (report.counts.options === 0)
        throw new UsageError(`no options left in view "${flags.expiries}" after validation`);
      if (flags.svg || flags.png) await exportCharts(report, flags);
      if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
      else io.stdout(`${renderTextReport(report, { rows: flags.rows, color: io.color })}\n`);
    });
  registerServe(program, io);
  return program;
}

/** Writes the report's charts; the renderer is loaded only when asked for (it is the heaviest import). */
async function exportCharts(report: object, flags: { svg?: string; png?: string }): Promise<void> {
  const { reportSvg, svgToPng } = await import('../report/charts/exportCharts.js');
  const svg = reportSvg(report as Parameters<typeof reportSvg>[0]);
  if (flags.svg) writeFileSync(flags.svg, svg);
  if (flags.png) writeFileSync(flags.png, svgToPng(svg));
}

/** Runs the command line; returns the process exit code (0 ok, 1 bad input data, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError || e instanceof RangeError || e instanceof AlertConfigError) {
      io.stderr(`gexmap: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ChainInputError || e instanceof PositioningError) {
      io.stderr(`gexmap: bad input: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      io.stderr(`gexmap: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}
