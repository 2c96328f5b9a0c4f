import { type Command, Option } from 'commander';
import { liveMetricsFor } from '../analytics/live.js';
import { describeView, type ExpiryView, parseExpiryView } from '../analytics/views.js';
import { toColumnar } from '../chain/columnar.js';
import { PROFILE_RANGE, parseBounded } from '../core/units/index.js';
import { flowPositioning, flowPositions } from '../positioning/flow.js';
import { type LiveFrameInput, type LiveFrameStatus, renderLiveFrame } from '../report/liveView.js';
import type { StreamedVenueSource } from '../server/streamedSource.js';
import { DeribitLiveFeed } from '../sources/deribit/live/feed.js';
import { DERIBIT_PRODUCTION_URL } from '../sources/deribit/live/http.js';
import { TradeTape } from '../sources/deribit/tape/tape.js';
import { type LiveSourceFlags, liveMarket, loadTape, parseHours, parseRetries, type TapeFlags } from './deribitLive.js';
import { positiveInteger } from './integerOptions.js';
import type { CliIo } from './io.js';
import { LIVE_SOURCES, type LiveSourceSettings } from './liveSources.js';
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

/** What the watch draws from: a live chain's metrics and status, whichever venue feeds it. */
interface WatchedFeed {
  readonly title: string;
  metrics(view: ExpiryView, range: number): LiveFrameInput['metrics'];
  status(): LiveFrameStatus;
  close(): Promise<void>;
}

/** Deribit: the REST snapshot kept current by the WebSocket (and the trade tape for flow positioning). */
async function watchDeribit(flags: WatchFlags, at: LiveVenueAt, io: CliIo, onChange: () => void): Promise<WatchedFeed> {
  const market = liveMarket(flags);
  const wantsTape = flags.tape !== undefined || flags.tapeHours !== undefined;
  if (flags.positioning === 'flow' && !wantsTape) {
    throw new UsageError('--positioning flow needs a trade tape: --tape FILE and/or --tape-hours N');
  }
  const tape = wantsTape ? new TradeTape() : undefined;
  const feed = await DeribitLiveFeed.open({
    currency: market.name,
    baseUrl: at.baseUrl,
    wsUrl: at.wsUrl,
    ...(flags.retries !== undefined ? { http: { retries: flags.retries } } : {}),
    ws: { heartbeatSeconds: flags.heartbeat },
    openInterestPollMs: flags.oiInterval * 1000,
    ...(tape !== undefined ? { tape } : {}),
    onChange,
  });
  if (tape !== undefined) {
    await loadTape(flags, feed.snapshot(), { into: tape, onProgress: (t) => io.stderr(`${t}\n`) });
  }
  const { positioning } = flags;
  return {
    title: `deribit ${market.name}`,
    metrics: (view, range) => {
      const chain = feed.chain.columnar();
      if (positioning !== 'flow') return liveMetricsFor(chain, { positioning: { model: positioning }, view, range });
      if (tape === undefined) throw new RangeError('flow positioning needs a trade tape');
      // the dealers' positions from the tape recorded so far, with how much of the open interest it explains
      const flow = flowPositions(feed.snapshot().options, tape.flowByInstrument());
      return { ...liveMetricsFor(chain, { positioning: flowPositioning(flow), view, range }), flow: flow.coverage };
    },
    status: () => feed.status(),
    close: () => feed.close(),
  };
}

/** OKX, Bybit, Binance: REST snapshots every --oi-interval seconds, the venue's WebSocket pushes between. */
async function watchStreamed(
  open: (s: LiveSourceSettings) => StreamedVenueSource<unknown>,
  flags: WatchFlags,
  at: LiveVenueAt,
  onChange: () => void,
): Promise<WatchedFeed> {
  const venue = at.venue;
  if (flags.currency === undefined) throw new UsageError(`--venue ${venue} needs --currency (BTC, ETH …)`);
  if (flags.positioning === 'flow' || flags.tape !== undefined || flags.tapeHours !== undefined) {
    throw new UsageError(
      `--positioning flow and the trade tape are Deribit's; ${venue} takes classic or customer-long`,
    );
  }
  const source = open({
    currency: flags.currency,
    at,
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
    pollSeconds: flags.oiInterval > 0 ? flags.oiInterval : 300,
    log: () => {},
  });
  await source.polled;
  const first = source.status();
  if (first.state === 'down') {
    source.close();
    // the venue's own failure, so that the command exits as for any unreachable venue
    throw source.lastRestFailure ?? new Error(`${venue} ${flags.currency}: ${first.reason ?? 'no snapshot'}`);
  }
  // the first frame waits (up to 5 s) for the stream to be subscribed, as Deribit's feed does
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, 5000);
    const off = source.subscribe(() => source.status().state === 'ok' && done());
    if (source.status().state === 'ok') done();
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
  let staleSince: number | null = source.status().state === 'ok' ? null : Date.now();
  const unsubscribe = source.subscribe(() => {
    const ok = source.status().state === 'ok';
    if (ok) staleSince = null;
    else staleSince ??= Date.now();
    onChange();
  });
  // the first REST snapshot is in (the source is not down), and a later one only replaces it
  const snapshotNow = () => {
    const current = source.current();
    if (current === undefined) throw new Error(`${venue} ${flags.currency}: the live source holds no snapshot`);
    return current.snapshot;
  };
  return {
    title: `${venue} ${snapshotNow().underlying}`,
    metrics: (view, range) => {
      const snapshot = snapshotNow();
      const model = flags.positioning === 'classic' ? 'classic' : 'customer-long';
      return liveMetricsFor(toColumnar(snapshot, snapshot.options), { positioning: { model }, view, range });
    },
    status: () => {
      const { state, reason } = source.status();
      const stats = source.streamStats;
      return {
        stale: state !== 'ok',
        staleSince,
        staleReason: state === 'ok' ? null : (reason ?? null),
        notifications: stats.pushes,
        reconnects: stats.reconnects,
        protocolErrors: stats.protocolErrors,
      };
    },
    close: async () => {
      unsubscribe();
      source.close();
    },
  };
}

/** Runs until SIGINT / SIGTERM, or `frames` frames. */
async function watch(flags: WatchFlags, io: CliIo): Promise<void> {
  const { venues } = venueSet({ ...flags, venue: flags.venue ?? '' });
  if (venues.length !== 1) throw new UsageError(`watch follows one venue: --venue ${venuesInWords('or')}`);
  const at = venues[0] as LiveVenueAt;
  const live = LIVE_SOURCES[at.venue];
  let view: ExpiryView;
  try {
    view = parseExpiryView(flags.expiries);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
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
    feed =
      live.model === 'deribit-feed'
        ? await watchDeribit(flags, at, io, scheduleDraw)
        : await watchStreamed(live.source, flags, at, scheduleDraw);
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
