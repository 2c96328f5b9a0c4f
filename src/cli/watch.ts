import { type Command, Option } from 'commander';
import { liveMetricsFor } from '../analytics/live.js';
import { describeView, type ExpiryView } from '../analytics/views.js';
import { PROFILE_RANGE, parseBounded } from '../core/units/index.js';
import { flowPositioning, flowPositions } from '../positioning/flow.js';
import { type LiveFrameInput, type LiveFrameStatus, renderLiveFrame } from '../report/liveView.js';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { DERIBIT_PRODUCTION_URL } from '../sources/deribit/live/http.js';
import { TradeTape } from '../sources/deribit/tape/tape.js';
import type { LiveFeed } from '../sources/liveFeed.js';
import { VENUES } from '../sources/registry.js';
import { type LiveSourceFlags, loadTape, parseHours, parseRetries, type TapeFlags } from './deribitLive.js';
import { expiryViewFlag } from './expiryViewFlag.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { fractionOption } from './unitOptions.js';
import { UsageError } from './usageError.js';
import type { LiveVenueAt } from './venues.js';
import { LIVE_VENUES, venueSet, venuesInWords } from './venues.js';

interface WatchFlags extends LiveSourceFlags, TapeFlags {
  wsUrl?: string;
  positioning: 'classic' | 'customer-long' | 'flow';
  expiries: string;
  range: number;
  rows: number;
  oiInterval: number;
  heartbeat: number;
  refresh: number;
  frames?: number;
}

/** A plain number from 0 to `max` in `unit`, naming the flag otherwise. */
function upTo(flag: string, max: number, unit: string) {
  return (value: string): number => parseBounded(value, flag, { min: 0, max, unit });
}

/** What the watch draws from: a live chain's metrics and health, whichever venue feeds it. */
interface WatchedFeed {
  readonly title: string;
  metrics(view: ExpiryView, range: number): LiveFrameInput['metrics'];
  status(): LiveFrameStatus;
  close(): Promise<void>;
}

/** Resolves once `feed` is healthy, or after `ms` (the first frame then shows it stale). */
function healthyWithin(feed: LiveFeed, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    const off = feed.subscribe(() => !feed.health().stale && done());
    if (!feed.health().stale) done();
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

/**
 * The venue's live feed (registry), started: its first snapshot in (else the venue's own failure
 * is thrown, so that the command exits as for any unreachable venue), the trade tape loaded for
 * flow positioning, and the stream given up to 5 s to be subscribed before the first frame.
 */
async function watchFeed(flags: WatchFlags, at: LiveVenueAt, io: CliIo, onChange: () => void): Promise<WatchedFeed> {
  const { venue } = at;
  const entry = VENUES[venue];
  if (flags.currency === undefined) throw new UsageError(`--venue ${venue} needs --currency (${entry.currencies})`);
  const wantsTape = flags.tape !== undefined || flags.tapeHours !== undefined;
  if (!entry.tradeTape && (flags.positioning === 'flow' || wantsTape)) {
    throw new UsageError(
      `--positioning flow and the trade tape are Deribit's; ${venue} takes classic or customer-long`,
    );
  }
  if (flags.positioning === 'flow' && !wantsTape) {
    throw new UsageError('--positioning flow needs a trade tape: --tape FILE and/or --tape-hours N');
  }
  const tape = wantsTape ? new TradeTape() : undefined;
  const feed = entry.feed({
    currency: flags.currency,
    baseUrl: at.baseUrl,
    wsUrl: at.wsUrl,
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
    heartbeatSeconds: flags.heartbeat,
    openInterestPollMs: flags.oiInterval * 1000,
    snapshotRefreshMs: (flags.oiInterval > 0 ? flags.oiInterval : 300) * 1000,
    ...(tape !== undefined ? { tape } : {}),
    log: () => {},
  });
  await feed.start();
  const first = feed.current();
  if (first === undefined) {
    await feed.stop();
    const { lastError, staleReason } = feed.health();
    throw lastError ?? new Error(`${venue} ${flags.currency}: ${staleReason ?? 'no snapshot'}`);
  }
  try {
    if (tape !== undefined) await loadTape(flags, first, { into: tape, onProgress: (t) => io.stderr(`${t}\n`) });
    await healthyWithin(feed, 5000);
  } catch (e) {
    await feed.stop();
    throw e;
  }
  const unsubscribe = feed.subscribe(onChange);
  const { positioning } = flags;
  return {
    title: `${venue} ${feed.underlying}`,
    metrics: (view, range) => {
      const chain = feed.columnar();
      if (chain === undefined) throw new Error(`${feed.id}: the live feed holds no chain`);
      if (positioning !== 'flow') return liveMetricsFor(chain, { positioning: { model: positioning }, view, range });
      const snapshot = feed.current();
      if (tape === undefined || snapshot === undefined) throw new RangeError('flow positioning needs a trade tape');
      // the dealers' positions from the tape recorded so far, with how much of the open interest it explains
      const flow = flowPositions(snapshot.options, tape.flowByInstrument());
      return { ...liveMetricsFor(chain, { positioning: flowPositioning(flow), view, range }), flow: flow.coverage };
    },
    status: () => feed.health(),
    close: async () => {
      unsubscribe();
      await feed.stop();
    },
  };
}

/** `gexmap watching deribit BTC on wss://… (REST https://…) · classic positioning · all expiries` */
export function watchStartLine(title: string, at: LiveVenueAt, positioning: string, view: string): string {
  return `gexmap watching ${title} on ${at.wsUrl} (REST ${at.baseUrl}) · ${positioning} positioning · ${view}`;
}

/** Runs until SIGINT / SIGTERM, or `frames` frames. */
async function watch(flags: WatchFlags, io: CliIo): Promise<void> {
  const { venues } = venueSet({ ...flags, venue: flags.venue ?? '' });
  if (venues.length !== 1) throw new UsageError(`watch follows one venue: --venue ${venuesInWords('or')}`);
  const at = venues[0] as LiveVenueAt;
  const view = expiryViewFlag(flags.expiries);
  const clear = io.color;
  let frame = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawTimer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let feed: WatchedFeed | undefined;

  const draw = () => {
    drawTimer = undefined;
    if (feed === undefined) return;
    lastDraw = performance.now();
    frame++;
    const text = renderLiveFrame({
      title: feed.title,
      metrics: feed.metrics(view, flags.range),
      status: feed.status(),
      now: Date.now(),
      positioning: flags.positioning,
      view: describeView(view),
      rows: flags.rows,
      color: io.color,
      frame,
      width: io.width ?? DEFAULT_TEXT_WIDTH,
    });
    io.stdout(clear ? `\x1b[2J\x1b[H${text}\n` : `${text}\n\n`);
    if (flags.frames !== undefined && frame >= flags.frames) finish();
  };
  const scheduleDraw = () => {
    if (drawTimer !== undefined) return;
    drawTimer = setTimeout(draw, Math.max(0, lastDraw + flags.refresh - performance.now()));
  };
  const stop = () => finish();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const ticker = setInterval(() => {
    if (feed?.status().stale) scheduleDraw();
  }, 1000);
  try {
    feed = await watchFeed(flags, at, io, scheduleDraw);
    // the one start-up line, on stderr: stdout carries the frames alone
    io.stderr(`${watchStartLine(feed.title, at, flags.positioning, describeView(view))}\n`);
    draw();
    await done;
  } finally {
    clearInterval(ticker);
    clearTimeout(drawTimer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await feed?.close();
  }
}

/** `gexmap watch`: the live terminal view. */
export function registerWatch(program: Command, io: CliIo): void {
  program
    .command('watch')
    .description('live GEX map from the venue stream: regime, net GEX, flip, walls, strike chart; Ctrl-C to quit')
    .requiredOption('--venue <venue>', `live venue: ${LIVE_VENUES.join(', ')}`)
    .requiredOption('--currency <currency>', 'BTC, ETH, or a USDC-settled chain: SOL, XRP, BTC_USDC …')
    .option(
      '--base-url <url>',
      `REST base URL (production ${DERIBIT_PRODUCTION_URL}, testnet https://test.deribit.com)`,
    )
    .option('--ws-url <url>', 'WebSocket URL (default: from the base URL, /ws/api/v2)')
    .addOption(
      new Option('--positioning <model>', 'dealer positioning model')
        .choices(['classic', 'customer-long', 'flow'])
        .default('classic'),
    )
    .option('--tape <file>', 'recorded trades (JSON lines; extended by --tape-hours) for --positioning flow')
    .option('--tape-hours <n>', 'backfill N hours of trades from the venue for --positioning flow', parseHours)
    .option('--expiries <view>', 'all | next | ex-next | <N>d', 'all')
    .addOption(fractionOption('--range <pct>', 'flip search range around spot, percent', PROFILE_RANGE, 20))
    .option('--rows <n>', 'strikes in the chart', positiveInteger('--rows'), 15)
    .option(
      '--oi-interval <seconds>',
      'open-interest poll, seconds (Deribit: book summary, 0 = off; other venues: the whole REST snapshot, 0 = 300)',
      upTo('--oi-interval', 86_400, 'seconds'),
      300,
    )
    .option(
      '--heartbeat <seconds>',
      'heartbeat interval asked of the venue (Deribit: 10 or more; 0 = off)',
      upTo('--heartbeat', 3600, 'seconds'),
      10,
    )
    .option('--refresh <ms>', 'least time between two redraws, ms', upTo('--refresh', 60_000, 'ms'), 500)
    .option('--frames <n>', 'exit after N frames (scripts)', positiveInteger('--frames'))
    .option('--retries <n>', 'retries of a failed REST request', parseRetries)
    .action(async (flags: WatchFlags) => {
      await watch(flags, io);
    });
}
