import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { compareFlow } from '../analytics/flowComparison.js';
import { buildFullReport } from '../analytics/fullReport.js';
import {
  DEFAULT_SURFACE_SPOTS,
  MAX_SURFACE_DAYS,
  MAX_SURFACE_SPOTS,
  type SurfaceRequest,
} from '../analytics/gexSurface.js';
import { withVenueBreakdown } from '../analytics/venues.js';
import { parseExpiryView } from '../analytics/views.js';
import { MAX_PLAUSIBLE_CONTRACTS } from '../chain/admit.js';
import { ChainInputError } from '../chain/types.js';
import { isPrintable, oneLine } from '../core/escape.js';
import { FLOW_RANGE, PIN_BAND, PROFILE_RANGE, parseInteger, SPOT_CHANGE } from '../core/units/index.js';
import { type FlowPositions, flowPositioning } from '../positioning/flow.js';
import { type Positioning, PositioningError } from '../positioning/models.js';
import type { ChartReport } from '../report/charts/panels.js';
import { assertFiniteOutput, NonFiniteOutputError } from '../report/finiteOutput.js';
import { renderFlowComparison } from '../report/flowComparisonText.js';
import { renderMechanicsText } from '../report/mechanicsText.js';
import { renderConventions, renderTextReport } from '../report/textReport.js';
import { renderVenuesText } from '../report/venuesText.js';
import { AlertConfigError } from '../server/alerts/config.js';
import { ListenError } from '../server/listen.js';
import { StoreError } from '../store/types.js';
import { flowFromFlags, type LiveReportFlags, parseHours, parseRetries, venueFailure } from './deribitLive.js';
import { ExitError } from './exitError.js';
import { parseTime, registerHistory } from './historyCommands.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { readFlagJson } from './jsonFile.js';
import { loadChain, parseInstant } from './loadChain.js';
import { collectThreshold, type MechanicsFlags, mechanicsOptions, parsePinDays } from './mechanicsFlags.js';
import { registerServe } from './serveCommand.js';
import { fractionOption, percentOption, rateOption } from './unitOptions.js';
import { UsageError } from './usageError.js';
import { venuesInWords } from './venues.js';
import { registerWatch } from './watch.js';

/** A desk's book: dealer contracts per instrument, + long / − short (below 1e9 contracts either way). */
const positionsSchema = z.record(
  z.string().refine(isPrintable, 'holds control characters'),
  z.number().refine((n) => Math.abs(n) < MAX_PLAUSIBLE_CONTRACTS, {
    error: (i) => `${String(i.input)} contracts is not a plausible position (its size must be below 1e9)`,
  }),
);

/** `--positioning positions --positions FILE`: the book, read before the chain; undefined for the other models. */
function bookFromFlags(flags: Pick<ReportFlags, 'positioning' | 'positions'>): Record<string, number> | undefined {
  if (flags.positioning !== 'positions') {
    if (flags.positions) throw new UsageError('--positions FILE is only read with --positioning positions');
    return undefined;
  }
  if (!flags.positions) throw new UsageError('--positioning positions needs --positions FILE');
  return readFlagJson(flags.positions, positionsSchema, 'positions');
}

/** The report's dealer positioning, resolved once its book and the trade tape's flow are read. */
function reportPositioning(
  model: ReportFlags['positioning'],
  book: Record<string, number> | undefined,
  flow: FlowPositions | undefined,
): Positioning {
  if (model === 'classic' || model === 'customer-long') return { model };
  if (model === 'positions' && book) return { model, positions: book };
  if (model === 'flow' && flow) return flowPositioning(flow);
  // bookFromFlags and flowFromFlags refuse a missing book or tape first
  throw new UsageError(`--positioning ${model} needs ${model === 'flow' ? 'a trade tape' : '--positions FILE'}`);
}

/** `--surface-days N [--surface-spots M]`: the surface the JSON report adds, or none. */
function surfaceFromFlags(
  flags: Pick<ReportFlags, 'surfaceDays' | 'surfaceSpots' | 'json'>,
): SurfaceRequest | undefined {
  if (flags.surfaceDays === undefined) {
    if (flags.surfaceSpots !== undefined) throw new UsageError('--surface-spots is only read with --surface-days N');
    return undefined;
  }
  if (!flags.json) throw new UsageError('--surface-days adds the surface to the JSON report: use it with --json');
  return { days: flags.surfaceDays, spots: flags.surfaceSpots ?? DEFAULT_SURFACE_SPOTS };
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
  surfaceDays?: number;
  surfaceSpots?: number;
  db?: string;
  pg?: string;
  underlying?: string;
  at?: number;
}

function buildProgram(io: CliIo): Command {
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
    .addOption(fractionOption('--range <pct>', 'profile range around spot, percent', PROFILE_RANGE, 20))
    .addOption(rateOption('--rate <r>', 'risk-free rate for BSM chains, continuous: 4% or 0.04'))
    .addOption(rateOption('--yield <q>', 'dividend yield for BSM chains, continuous: 1.5% or 0.015'))
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
    .option('--rows <n>', 'strikes shown around spot', positiveInteger('--rows'), 25)
    .option(
      '--surface-days <n>',
      'JSON: add the net GEX surface (USD per 1 % move) for today and each of the next N calendar days (24 h each; expired options dropped, vols held), at most 366',
      positiveInteger('--surface-days', MAX_SURFACE_DAYS),
    )
    .option(
      '--surface-spots <n>',
      'the surface: log-spaced spots over the --range (2 to 2000, default 200)',
      (v: string) => parseInteger(v, '--surface-spots', { min: 2, max: MAX_SURFACE_SPOTS }),
    )
    .option('--json', 'print one JSON object instead of text')
    .option('--svg <file>', 'also write the charts as one SVG (server-side ECharts)')
    .option('--png <file>', 'also write the charts as one PNG (SVG rasterised with the bundled font)')
    .addOption(
      percentOption(
        '--spot-change <pct>',
        'price change over the lookback, percent (+ up), for the playbook',
        SPOT_CHANGE,
      ),
    )
    .option('--lookback <text>', 'the period --spot-change covers, in words (e.g. 24h)')
    .option('--put-tape <file>', 'JSON {putBuyNotional, putSellNotional, windowStart, windowEnd}: customer put trades')
    .option('--pin-days <n>', 'pins: expiries within N days', parsePinDays, 7)
    .addOption(fractionOption('--pin-band <pct>', 'pins: strikes within ±PCT of spot', PIN_BAND, 5))
    .addOption(fractionOption('--flow-range <pct>', 'hedge flows: moves from −PCT to +PCT of spot', FLOW_RANGE, 10))
    .option('--threshold <name=value>', 'playbook threshold over its default (repeatable)', collectThreshold, {})
    .option('--csv <file>', 'generic option-chain CSV, read with --mapping')
    .option('--db <file>', 'a stored snapshot from this DuckDB history file (see --venue, --underlying, --at)')
    .option('--pg <url>', 'a stored snapshot from this PostgreSQL history store')
    .option('--underlying <name>', 'stored snapshot: the underlying (BTC …) when the store holds several')
    .option('--at <time>', 'stored snapshot: the one at or before this instant (default: the latest)', parseTime('at'))
    .option('--mapping <file>', 'JSON column mapping of the --csv file (columns, expiry format and zone, IV unit …)')
    .option('--venue <venue>', `live chain: ${venuesInWords(',')}, or a list (deribit,okx) aggregated`)
    .option('--reference-venue <venue>', 'aggregated map: the venue whose index is spot (default: the first listed)')
    .option('--currency <currency>', 'live chain: BTC, ETH, or a USDC-settled one (SOL, XRP, BTC_USDC …)')
    .option('--base-url <url>', 'live REST base URL (default https://www.deribit.com; or testnet, or a local server)')
    .option('--retries <n>', 'retries of a failed live request (default 4)', parseRetries)
    .option('--tape <file>', 'recorded trades for --positioning flow (JSON lines; extended by --tape-hours)')
    .option('--tape-hours <n>', 'backfill N hours of trades from the venue for --positioning flow', parseHours)
    .action(async (flags: ReportFlags & MechanicsFlags & LiveReportFlags) => {
      const book = bookFromFlags(flags);
      const surface = surfaceFromFlags(flags);
      let view: ReturnType<typeof parseExpiryView>;
      try {
        view = parseExpiryView(flags.expiries, '--expiries');
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const snapshot = await loadChain(flags);
      const flow = await flowFromFlags(flags, snapshot, view);
      const positioning = reportPositioning(flags.positioning, book, flow);
      const comparison = flow && compareFlow(snapshot, flow, { view, range: flags.range });
      const report = withVenueBreakdown(
        snapshot,
        buildFullReport(snapshot, { positioning, view, range: flags.range, ...mechanicsOptions(flags), surface }),
        { positioning, view, range: flags.range },
      );
      if (report.counts.options === 0)
        throw new UsageError(`no options left in view "${flags.expiries}" after validation`);
      assertFiniteOutput(comparison ? { ...report, flowComparison: comparison } : report, 'gexmap report');
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
async function exportCharts(report: ChartReport, flags: { svg?: string; png?: string }): Promise<void> {
  const { reportSvg, svgToPng } = await import('../report/charts/exportCharts.js');
  const svg = reportSvg(report);
  if (flags.svg) writeFileSync(flags.svg, svg);
  if (flags.png) writeFileSync(flags.png, svgToPng(svg));
}

/**
 * Runs the command line; returns the process exit code (0 ok, 1 bad input data, 2 usage, 3 venue
 * unreachable or refusing, 4 the server cannot bind its port). Every failure is one line on stderr,
 * escaped: a message quoting a file cannot put control bytes on the terminal, and no stack trace is
 * printed (an unexpected error, a bug, exits 1 naming the error and where it was thrown).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  const fail = (text: string) => io.stderr(`${oneLine(text)}\n`);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError || e instanceof RangeError || e instanceof AlertConfigError) {
      fail(`gexmap: ${e.message}`);
      return 2;
    }
    if (e instanceof ExitError) {
      fail(`gexmap: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof ListenError) {
      fail(`gexmap: ${e.message}`);
      return 4;
    }
    if (e instanceof StoreError) {
      fail(`gexmap: history store: ${e.message}`);
      return 1;
    }
    if (e instanceof NonFiniteOutputError) {
      io.stderr(`gexmap: refused to print: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ChainInputError || e instanceof PositioningError) {
      fail(`gexmap: bad input: ${e.message}`);
      return 1;
    }
    const venue = venueFailure(e);
    if (venue !== undefined) {
      fail(venue.message);
      return venue.code;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES') {
      fail(`gexmap: ${err.message}`);
      return 1;
    }
    // a bug, not the user's doing: still one line, with where it happened for the report
    const at = e instanceof Error ? /\(?([^()\s]+:\d+):\d+\)?$/m.exec(e.stack?.split('\n')[1] ?? '')?.[1] : undefined;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    fail(`gexmap: internal error: ${what}${at ? ` (at ${basename(at)})` : ''}`);
    return 1;
  }
}
