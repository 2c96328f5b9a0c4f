import { type Command, InvalidArgumentError, Option } from 'commander';
import { describeView, parseExpiryView } from '../analytics/views.js';
import { renderLiveFrame } from '../report/liveView.js';
import { DeribitLiveFeed, type LivePositioning } from '../sources/deribit/live/feed.js';
import { DERIBIT_PRODUCTION_URL } from '../sources/deribit/live/http.js';
import { TradeTape } from '../sources/deribit/tape/tape.js';
import { type LiveSourceFlags, liveMarket, loadTape, parseHours, parseRetries, type TapeFlags } from './deribitLive.js';
import { UsageError } from './loadChain.js';
import type { CliIo } from './main.js';

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

function nonNegative(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !(n >= 0)) throw new InvalidArgumentError(`${name} (${value}) must be a number ≥ 0`);
    return n;
  };
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} (${value}) must be a positive integer`);
    return n;
  };
}

function percent(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (!(n > 0 && n < 100)) throw new InvalidArgumentError(`range (${value}) must be a percentage between 0 and 100`);
  return n / 100;
}

/** Runs until SIGINT / SIGTERM, or `frames` frames. */
async function watch(flags: WatchFlags, io: CliIo): Promise<void> {
  const market = liveMarket(flags);
  let view: ReturnType<typeof parseExpiryView>;
  try {
    view = parseExpiryView(flags.expiries);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const wantsTape = flags.tape !== undefined || flags.tapeHours !== undefined;
  if (flags.positioning === 'flow' && !wantsTape) {
    throw new UsageError('--positioning flow needs a trade tape: --tape FILE and/or --tape-hours N');
  }
  const tape = wantsTape ? new TradeTape() : undefined;
  const clear = io.color;
  let frame = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawTimer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let feed: DeribitLiveFeed | undefined;
  const positioning: LivePositioning =
    flags.positioning === 'flow'
      ? { model: 'flow' }
      : flags.positioning === 'classic'
        ? { model: 'classic' }
        : { model: 'customer-long' };

  const draw = () => {
    drawTimer = undefined;
    if (feed === undefined) return;
    lastDraw = performance.now();
    frame++;
    const text = renderLiveFrame({
      title: `deribit ${market.name}`,
      metrics: feed.metrics(positioning, { view, range: flags.range }),
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
    feed = await DeribitLiveFeed.open({
      currency: market.name,
      baseUrl: flags.baseUrl ?? DERIBIT_PRODUCTION_URL,
      ...(flags.wsUrl !== undefined ? { wsUrl: flags.wsUrl } : {}),
      ...(flags.retries !== undefined ? { http: { retries: flags.retries } } : {}),
      ws: { heartbeatSeconds: flags.heartbeat },
      openInterestPollMs: flags.oiInterval * 1000,
      ...(tape !== undefined ? { tape } : {}),
      onChange: scheduleDraw,
    });
    if (tape !== undefined) {
      await loadTape(flags, feed.snapshot(), { into: tape, onProgress: (t) => io.stderr(`${t}\n`) });
    }
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
    .requiredOption('--venue <venue>', 'live venue: deribit')
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
    .option('--range <pct>', 'flip search range around spot, percent', percent, 0.2)
    .option('--rows <n>', 'strikes in the chart', positiveInteger('rows'), 15)
    .option(
      '--oi-interval <seconds>',
      'open-interest poll (book summary), seconds; 0 = off',
      nonNegative('oi interval'),
      300,
    )
    .option(
      '--heartbeat <seconds>',
      'heartbeat interval asked of the venue (Deribit: 10 or more; 0 = off)',
      nonNegative('heartbeat'),
      10,
    )
    .option('--refresh <ms>', 'least time between two redraws, ms', nonNegative('refresh'), 500)
    .option('--frames <n>', 'exit after N frames (scripts)', positiveInteger('frames'))
    .option('--retries <n>', 'retries of a failed REST request', parseRetries)
    .action(async (flags: WatchFlags) => {
      await watch(flags, io);
    });
}
