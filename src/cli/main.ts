import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { compareFlow } from '../analytics/flowComparison.js';
import { buildFullReport } from '../analytics/fullReport.js';
import {
  DEFAULT_SURFACE_SPOTS,
  MAX_SURFACE_DAYS,
  MAX_SURFACE_SPOTS,
  type SurfaceRequest,
} from '../analytics/gexSurface.js';
import { withVenueBreakdown } from '../analytics/venues.js';
import type { GexWeight } from '../analytics/weight.js';
import { ChainInputError } from '../chain/types.js';
import { oneLine } from '../core/escape.js';
import { FLOW_RANGE, PIN_BAND, PROFILE_RANGE, parseInteger, SPOT_CHANGE } from '../core/units/index.js';
import { type FlowPositions, flowPositioning } from '../positioning/flow.js';
import { type Positioning, PositioningError } from '../positioning/models.js';
import type { ChartReport } from '../report/charts/panels.js';
import { assertFiniteOutput, NonFiniteOutputError } from '../report/finiteOutput.js';
import { renderFlowComparison } from '../report/flowComparisonText.js';
import { writeJson } from '../report/jsonPieces.js';
import { renderMechanicsText } from '../report/mechanicsText.js';
import { renderConventions, renderTextReport } from '../report/textReport.js';
import { renderVenuesText } from '../report/venuesText.js';
import { DEFAULT_TEXT_WIDTH, wrapText } from '../report/wrap.js';
import { AlertConfigError } from '../server/alerts/config.js';
import { ListenError } from '../server/listen.js';
import { StoreError } from '../store/types.js';
import { addChainSourceOptions, weightOption } from './chainOptions.js';
import { flowFromFlags, type LiveReportFlags, parseHours, venueFailure } from './deribitLive.js';
import { ExitError } from './exitError.js';
import { expiryViewFlag } from './expiryViewFlag.js';
import { registerHistory } from './historyCommands.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { registerLevels } from './levelsCommand.js';
import { loadChain } from './loadChain.js';
import { registerMcp } from './mcpCommand.js';
import { collectThreshold, type MechanicsFlags, mechanicsOptions, parsePinDays } from './mechanicsFlags.js';
import { readPositionsFile } from './positionsFlag.js';
import { registerServe } from './serveCommand.js';
import { forwardFlags } from './typedFlags.js';
import { fractionOption, percentOption } from './unitOptions.js';
import { UsageError } from './usageError.js';
import { registerWatch } from './watch.js';

/** `--positioning positions --positions FILE`: the book, read before the chain; undefined for the other models. */
function bookFromFlags(flags: Pick<ReportFlags, 'positioning' | 'positions'>): Record<string, number> | undefined {
  if (flags.positioning !== 'positions') {
    if (flags.positions) throw new UsageError('--positions FILE is only read with --positioning positions');
    return undefined;
  }
  if (!flags.positions) throw new UsageError('--positioning positions needs --positions FILE');
  return readPositionsFile(flags.positions);
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
  weight: GexWeight;
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

/** The command line, not run: `runCli` parses with it; tests walk its commands and flags. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('gexmap')
    .description(
      'Dealer gamma exposure (GEX) map of an option chain: regime, gamma flips, walls, max pain, OI clusters',
    )
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // commander's own refusals (a missing option, a bad choice) read as every other one: one escaped gexmap line
      outputError: (text, write) =>
        write(
          `${oneLine(
            `gexmap: ${text
              .replace(/^error: /, '')
              .trim()
              .replace(/\n+/g, ' ')}`,
          )}\n`,
        ),
    })
    .exitOverride();

  addChainSourceOptions(program.command('report').description('GEX report of one chain (text, or --json)'))
    .addOption(
      new Option('--positioning <model>', 'dealer positioning model')
        .choices(['classic', 'customer-long', 'positions', 'flow'])
        .default('classic'),
    )
    .option(
      '--positions <file>',
      'JSON {"INSTRUMENT": dealer contracts (+ long / − short)} for --positioning positions',
    )
    .addOption(weightOption())
    .option('--expiries <view>', 'all | next | ex-next | <N>d (expiries within N days)', 'all')
    .addOption(fractionOption('--range <pct>', 'profile range around spot, percent', PROFILE_RANGE, 20))
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
    .option('--tape <file>', 'recorded trades for --positioning flow (JSON lines; extended by --tape-hours)')
    .option('--tape-hours <n>', 'backfill N hours of trades from the venue for --positioning flow', parseHours)
    .action(async (flags: ReportFlags & MechanicsFlags & LiveReportFlags) => {
      const book = bookFromFlags(flags);
      const surface = surfaceFromFlags(flags);
      const view = expiryViewFlag(flags.expiries, '--expiries');
      const snapshot = await loadChain(flags);
      const flow = await flowFromFlags(flags, snapshot, view);
      const positioning = reportPositioning(flags.positioning, book, flow);
      const comparison = flow && compareFlow(snapshot, flow, { view, range: flags.range });
      const report = withVenueBreakdown(
        snapshot,
        buildFullReport(snapshot, {
          positioning,
          view,
          range: flags.range,
          weight: flags.weight,
          ...mechanicsOptions(flags),
          surface,
        }),
        { positioning, view, range: flags.range, weight: flags.weight },
      );
      if (report.counts.options === 0)
        throw new UsageError(`no options left in view "${flags.expiries}" after validation`);
      assertFiniteOutput(comparison ? { ...report, flowComparison: comparison } : report, 'gexmap report');
      if (flags.svg || flags.png) await exportCharts(report, flags);
      if (flags.json) {
        // in pieces: the JSON of a big chain is tens of MB, as one string and its Buffer copy twice that
        writeJson(comparison ? { ...report, flowComparison: comparison } : report, io.stdout);
        io.stdout('\n');
      } else {
        const width = io.width ?? DEFAULT_TEXT_WIDTH;
        const gex = renderTextReport(report, { rows: flags.rows, color: io.color, conventions: false, width });
        const sections = [gex, renderMechanicsText(report, { color: io.color, width })];
        if (comparison) sections.push(renderFlowComparison(comparison, width));
        if ('venues' in report) sections.push(renderVenuesText(report.venues, width));
        sections.push(renderConventions(report, io.color));
        io.stdout(`${wrapText(sections.join('\n\n'), width)}\n`);
      }
    });
  registerLevels(program, io);
  registerServe(program, io);
  registerMcp(program, io);
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
    if (e instanceof ChainInputError && e.field === 'forward' && forwardFlags(argv).length > 0) {
      // the forward is spot·e^{(r−q)t}: the flag that set r or q is the cause, not the file
      fail(
        `gexmap: ${forwardFlags(argv).join(' ')} gives a forward no chain has: ${e.message} (forward = spot·e^{(r−q)t})`,
      );
      return 2;
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
