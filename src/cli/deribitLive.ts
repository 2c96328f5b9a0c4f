import type { ExpiryView } from '../analytics/views.js';
import { selectExpiries } from '../analytics/views.js';
import type { ChainSnapshot } from '../chain/types.js';
import { parseBounded, parseInteger, QuantityError } from '../core/units/index.js';
import { type FlowPositions, flowPositions } from '../positioning/flow.js';
import { DeribitHttp } from '../sources/deribit/live/http.js';
import { type DeribitMarket, deribitMarket } from '../sources/deribit/live/market.js';
import { backfillTrades, cursorOf } from '../sources/deribit/tape/backfill.js';
import { appendTapeFile, readTapeFile } from '../sources/deribit/tape/file.js';
import { TradeTape } from '../sources/deribit/tape/tape.js';
import { describeSourceError, SourceError } from '../sources/venue/errors.js';
import { UsageError } from './usageError.js';
import { type LiveVenueAt, venueSet } from './venues.js';

/** Exit code for a venue that cannot be reached or refuses: network, rate limit, unavailable. */
const EXIT_VENUE = 3;

export interface LiveSourceFlags {
  readonly venue?: string;
  readonly currency?: string;
  readonly baseUrl?: string;
  readonly retries?: number;
}

export interface TapeFlags {
  /** recorded trades: JSON lines (extended by --tape-hours), a JSON array, or a saved trades answer */
  readonly tape?: string;
  /** backfill this many hours of trades before the snapshot from the venue */
  readonly tapeHours?: number;
}

export function parseRetries(value: string): number {
  return parseInteger(value, '--retries', { min: 0, max: 20 });
}

/** `--tape-hours`: above 0, at most a year (the venues keep no longer tape). */
export function parseHours(value: string): number {
  const n = parseBounded(value, '--tape-hours', { min: 0, max: 24 * 366, unit: 'hours' });
  if (n === 0) throw new QuantityError('--tape-hours', value, 'must be above 0 hours');
  return n;
}

/** The market of `--venue deribit --currency X`, or a usage error naming what is missing. */
export function liveMarket(flags: LiveSourceFlags): DeribitMarket {
  if (flags.venue === undefined) throw new UsageError('--currency and --base-url need --venue deribit');
  if (flags.venue !== 'deribit')
    throw new UsageError(`--venue ${flags.venue} is not supported: the live venue is deribit`);
  if (flags.currency === undefined) throw new UsageError('--venue deribit needs --currency (BTC, ETH, SOL, XRP …)');
  return deribitMarket(flags.currency);
}

/** Deribit's REST client for the tape, at the origin the chain is read from (--base-url, URL or deribit=URL). */
function liveHttp(flags: LiveSourceFlags): DeribitHttp {
  const { venues } = venueSet({ venue: 'deribit', ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}) });
  return new DeribitHttp({
    baseUrl: (venues[0] as LiveVenueAt).baseUrl,
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
  });
}

/**
 * The trade tape the flags name: a recorded file, a backfill of `--tape-hours` before the
 * snapshot's asOf, or both (the file is then extended from where it ends, so an interrupted
 * backfill resumes). Undefined when neither is given.
 */
export async function loadTape(
  flags: TapeFlags & LiveSourceFlags,
  snapshot: ChainSnapshot,
  opts: { readonly into?: TradeTape; readonly onProgress?: (text: string) => void } = {},
): Promise<TradeTape | undefined> {
  if (flags.tape === undefined && flags.tapeHours === undefined) return undefined;
  const tape = opts.into ?? new TradeTape();
  let cursor = null;
  if (flags.tape !== undefined) {
    let trades: Awaited<ReturnType<typeof readTapeFile>> = [];
    try {
      trades = await readTapeFile(flags.tape);
    } catch (e) {
      // a backfill may create the file
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || flags.tapeHours === undefined) throw e;
    }
    tape.add(trades);
    cursor = cursorOf(trades);
  }
  if (flags.tapeHours !== undefined) {
    if (flags.venue === undefined)
      throw new UsageError('--tape-hours backfills from the venue: it needs --venue deribit');
    const market = liveMarket(flags);
    const from = snapshot.asOf - flags.tapeHours * 3_600_000;
    const path = flags.tape;
    let pages = 0;
    await backfillTrades(liveHttp(flags), {
      market,
      from,
      to: snapshot.asOf,
      ...(cursor !== null && cursor.timestamp >= from ? { cursor } : {}),
      onPage: async ({ trades }) => {
        const fresh = trades.filter((t) => !tape.has(t.tradeId));
        tape.add(fresh);
        if (path !== undefined) await appendTapeFile(path, fresh);
        pages++;
        opts.onProgress?.(`tape: page ${pages}, ${tape.size} trades`);
      },
    });
  }
  return tape;
}

/** The flow positions of the options in view. */
function flowFor(snapshot: ChainSnapshot, tape: TradeTape, view: ExpiryView): FlowPositions {
  return flowPositions(selectExpiries(snapshot, view), tape.flowByInstrument());
}

/** The message and exit code of a venue failure, for the command line. */
export function venueFailure(e: unknown): { readonly message: string; readonly code: number } | undefined {
  if (!(e instanceof SourceError)) return undefined;
  return { message: `gexmap: venue: ${describeSourceError(e)}\n`, code: EXIT_VENUE };
}

/** The live and tape flags of `report`. */
export interface LiveReportFlags extends LiveSourceFlags, TapeFlags {
  readonly positioning: string;
}

/**
 * The flow positions the report flags ask for: none without a tape (then `--positioning flow`
 * is a usage error), else the tape's flow over the options in view.
 */
export async function flowFromFlags(
  flags: LiveReportFlags,
  snapshot: ChainSnapshot,
  view: ExpiryView,
): Promise<FlowPositions | undefined> {
  const tape = await loadTape(flags, snapshot);
  if (tape === undefined) {
    if (flags.positioning === 'flow') {
      throw new UsageError('--positioning flow needs a trade tape: --tape FILE and/or --tape-hours N');
    }
    return undefined;
  }
  return flowFor(snapshot, tape, view);
}
