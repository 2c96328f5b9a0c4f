import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { buildFullReport } from '../analytics/fullReport.js';
import { withVenueBreakdown } from '../analytics/venues.js';
import { parseExpiryView } from '../analytics/views.js';
import { ChainInputError } from '../chain/types.js';
import { type Positioning, PositioningError } from '../positioning/models.js';
import { renderMechanicsText } from '../report/mechanicsText.js';
import { renderConventions, renderTextReport } from '../report/textReport.js';
import { renderVenuesText } from '../report/venuesText.js';
import { AlertConfigError } from '../server/alerts/config.js';
import { StoreError } from '../store/types.js';
import {
  compareFlow,
  flowFromFlags,
  type LiveReportFlags,
  parseHours,
  parseRetries,
  renderFlowComparison,
  venueFailure,
} from './deribitLive.js';
import { parseTime, registerHistory } from './historyCommands.js';
import { loadChain, parseInstant, UsageError } from './loadChain.js';
import {
  collectThreshold,
  type MechanicsFlags,
  mechanicsOptions,
  parsePinDays,
  parseSpotChange,
  percentOfSpot,
} from './mechanicsFlags.js';
import { registerServe } from './serveCommand.js';
import { registerWatch } from './watch.js';

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
  cboeSymbol?: string;
  cboeBaseUrl?: string;
  deribitDir?: string;
  csv?: string;
  mapping?: string;
  referenceVenue?: string;
  positioning: 'classic' | 'customer-long' | 'positions' | 'flow';
  positions?: string;
  expiries: string;
  range: number;
  rate?: number;
  yield?: number;
  forward?: 'spot' | 'implied';
  asOf?: number;
  json?: boolean;
  svg?: string;
  png?: string;
  rows: number;
  db?: string;
  pg?: string;
  underlying?: string;
  at?: number;
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
    .option('--cboe <file>', 'CBOE delayed-quotes CSV (equity index / ETF chain): a file or an http(s) URL')
    .option('--cboe-symbol <sym>', 'CBOE delayed-quotes JSON, live: SPX, SPY, QQQ, NDX, RUT or VIX')
    .option('--cboe-base-url <url>', "where --cboe-symbol JSON is served (default CBOE's CDN)")
    .option('--deribit-dir <dir>', 'folder with Deribit get_instruments.json and get_book_summary_by_currency.json')
    .addOption(
      new Option('--positioning <model>', 'dealer positioning model')
        .choices(['classic', 'customer-long', 'positions', 'flow'])
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
    .addOption(
      new Option(
        '--forward <source>',
        'CBOE chains: spot (spot·e^{(r−q)t}, BSM; the default) or implied (each expiry from put-call parity on mid quotes, Black-76); VIX is always implied',
      ).choices(['spot', 'implied']),
    )
    .option(
      '--as-of <time>',
      "CBOE chains: the snapshot instant over the download's own (ISO with a zone, e.g. 2023-04-05T19:41-04:00)",
      parseInstant('--as-of'),
    )
    .option('--rows <n>', 'strikes shown around spot', parseRows, 25)
    .option('--json', 'print one JSON object instead of text')
    .option('--svg <file>', 'also write the charts as one SVG (server-side ECharts)')
    .option('--png <file>', 'also write the charts as one PNG (SVG rasterised with the bundled font)')
    .option('--spot-change <pct>', 'price change over the lookback, percent (+ up), for the playbook', parseSpotChange)
    .option('--lookback <text>', 'the period --spot-change covers, in words (e.g. 24h)')
    .option('--put-tape <file>', 'JSON {putBuyNotional, putSellNotional, windowStart, windowEnd}: customer put trades')
    .option('--pin-days <n>', 'pins: expiries within N days', parsePinDays, 7)
    .option('--pin-band <pct>', 'pins: strikes within ±PCT of spot', percentOfSpot('pin band'), 0.05)
    .option('--flow-range <pct>', 'hedge flows: moves from −PCT to +PCT of spot', percentOfSpot('flow range'), 0.1)
    .option('--threshold <name=value>', 'playbook threshold over its default (repeatable)', collectThreshold, {})
    .option('--csv <file>', 'generic option-chain CSV, read with --mapping')
    .option('--db <file>', 'a stored snapshot from this DuckDB history file (see --venue, --underlying, --at)')
    .option('--pg <url>', 'a stored snapshot from this PostgreSQL history store')
    .option('--underlying <name>', 'stored snapshot: the underlying (BTC …) when the store holds several')
    .option('--at <time>', 'stored snapshot: the one at or before this instant (default: the latest)', parseTime('at'))
    .option('--mapping <file>', 'JSON column mapping of the --csv file (columns, expiry format and zone, IV unit …)')
    .option('--venue <venue>', 'live chain: deribit, okx, bybit, binance, or a list (deribit,okx) aggregated')
    .option('--reference-venue <venue>', 'aggregated map: the venue whose index is spot (default: the first listed)')
    .option('--currency <currency>', 'live chain: BTC, ETH, or a USDC-settled one (SOL, XRP, BTC_USDC …)')
    .option('--base-url <url>', 'live REST base URL (default https://www.deribit.com; or testnet, or a local server)')
    .option('--retries <n>', 'retries of a failed live request (default 4)', parseRetries)
    .option('--tape <file>', 'recorded trades for --positioning flow (JSON lines; extended by --tape-hours)')
    .option('--tape-hours <n>', 'backfill N hours of trades from the venue for --positioning flow', parseHours)
    .action(async (flags: ReportFlags & MechanicsFlags & LiveReportFlags) => {
      let positioning: Positioning;
      if (flags.positioning === 'positions') {
        if (!flags.positions) throw new UsageError('--positioning positions needs --positions FILE');
        positioning = { model: 'positions', positions: readPositions(flags.positions) };
      } else {
        if (flags.positions) throw new UsageError('--positions FILE is only read with --positioning positions');
        // flow positions come from the trade tape once the chain is read (below)
        positioning = flags.positioning === 'flow' ? { model: 'flow', positions: {} } : { model: flags.positioning };
      }
      let view: ReturnType<typeof parseExpiryView>;
      try {
        view = parseExpiryView(flags.expiries);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const snapshot = await loadChain(flags);
      const flow = await flowFromFlags(flags, snapshot, view);
      if (flow && flags.positioning === 'flow') positioning = { model: 'flow', positions: flow.positions };
      const comparison = flow && compareFlow(snapshot, flow, { view, range: flags.range });
      const report = withVenueBreakdown(
        snapshot,
        buildFullReport(snapshot, { positioning, view, range: flags.range, ...mechanicsOptions(flags) }),
        { positioning, view, range: flags.range },
      );
      if (report.counts.options === 0)
        throw new UsageError(`no options left in view "${flags.expiries}" after validation`);
      if (flags.svg || flags.png) await exportCharts(report, flags);
      if (flags.json) io.stdout(`${JSON.stringify(comparison ? { ...report, flowComparison: comparison } : report)}\n`);
      else {
        const gex = renderTextReport(report, { rows: flags.rows, color: io.color, conventions: false });
        io.stdout(`${gex}\n\n${renderMechanicsText(report, { color: io.color })}\n`);
        if (comparison) io.stdout(`\n${renderFlowComparison(comparison)}\n`);
        if ('venues' in report) io.stdout(`\n${renderVenuesText(report.venues)}\n`);
        io.stdout(`\n${renderConventions(report, io.color)}\n`);
      }
    });
  registerServe(program, io);
  registerWatch(program, io);
  registerHistory(program, io);
  return program;
}

/** Writes the report's charts; the renderer is loaded only when asked for (it is the heaviest import). */
async function exportCharts(report: object, flags: { svg?: string; png?: string }): Promise<void> {
  const { reportSvg, svgToPng } = await import('../report/charts/exportCharts.js');
  const svg = reportSvg(report as Parameters<typeof reportSvg>[0]);
  if (flags.svg) writeFileSync(flags.svg, svg);
  if (flags.png) writeFileSync(flags.png, svgToPng(svg));
}

/** Runs the command line; returns the process exit code (0 ok, 1 bad input data, 2 usage, 3 venue unreachable or refusing). */
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
    if (e instanceof StoreError) {
      io.stderr(`gexmap: history store: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ChainInputError || e instanceof PositioningError) {
      io.stderr(`gexmap: bad input: ${e.message}\n`);
      return 1;
    }
    const venue = venueFailure(e);
    if (venue !== undefined) {
      io.stderr(venue.message);
      return venue.code;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      io.stderr(`gexmap: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}
