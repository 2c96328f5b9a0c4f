import type { Command } from 'commander';
import { parseBounded } from '../core/units/index.js';
import { type ChainSource, StaticSource } from '../server/sources.js';
import { isUrl } from '../sources/cboe/live.js';
import { loadChain, parseCboeSymbol } from './loadChain.js';
import { cboeSymbolSource, cboeUrlSource, liveVenueSources } from './venueServe.js';
import { LIVE_VENUES, type LiveVenue } from './venues.js';

/** The flags that name what `serve` and `mcp` serve. */
export interface ServedSourceFlags {
  cboe?: string;
  cboeSymbol?: string;
  cboeBaseUrl?: string;
  deribitDir?: string;
  venue?: string;
  csv?: string;
  mapping?: string;
  referenceVenue?: string;
  pollSeconds: number;
  currency: string;
  baseUrl?: string;
  wsUrl?: string;
}

/** What is streamed when no source is named. */
const DEFAULT_VENUE: LiveVenue = 'deribit';

function parsePollSeconds(value: string): number {
  return parseBounded(value, '--poll-seconds', { min: 1, max: 3600, unit: 'seconds' });
}

/** The source flags, shared by every command that serves chains. */
export function addServedSourceOptions(command: Command): Command {
  return command
    .option('--cboe <file>', 'serve a CBOE delayed-quotes CSV: a file, or a URL polled every --poll-seconds')
    .option(
      '--cboe-symbol <sym>',
      'serve CBOE delayed-quotes JSON (SPX, SPY, QQQ, NDX, RUT, VIX), polled every --poll-seconds',
    )
    .option('--cboe-base-url <url>', "where --cboe-symbol JSON is served (default CBOE's CDN)")
    .option('--deribit-dir <dir>', 'serve recorded Deribit answers')
    .option('--csv <file>', 'serve a generic option-chain CSV, read with --mapping')
    .option('--mapping <file>', 'JSON column mapping of the --csv file')
    .option(
      '--venue <venue>',
      `live venue: ${LIVE_VENUES.map((v) => (v === DEFAULT_VENUE ? `${v} (default)` : v)).join(', ')}, or a list (deribit,okx)`,
    )
    .option('--reference-venue <venue>', 'aggregated map: the venue whose index is spot (default: the first listed)')
    .option('--poll-seconds <n>', 'OKX, Bybit, Binance: seconds between REST snapshots', parsePollSeconds, 10)
    .option('--currency <list>', 'live Deribit currencies, comma-separated', 'BTC')
    .option('--base-url <url>', 'Deribit REST base URL (production, testnet or a local server)')
    .option('--ws-url <url>', 'WebSocket URL (Deribit, OKX, Bybit, Binance); with several venues okx=URL,deribit=URL');
}

/**
 * The sources the flags name: recorded files read now, polled and live feeds started; Deribit's
 * live chain when nothing is named. `log` takes the feeds' one-line notices.
 */
export async function servedSources(flags: ServedSourceFlags, log: (line: string) => void): Promise<ChainSource[]> {
  const sources: ChainSource[] = [];
  if (flags.cboe && isUrl(flags.cboe)) {
    sources.push(cboeUrlSource(flags.cboe, flags.pollSeconds, log));
  } else if (flags.cboe) {
    const snap = await loadChain({ cboe: flags.cboe });
    sources.push(new StaticSource(`cboe-${snap.underlying.toLowerCase()}`, `CBOE ${snap.underlying} (recorded)`, snap));
  }
  if (flags.cboeSymbol !== undefined) {
    const symbol = parseCboeSymbol(flags.cboeSymbol);
    sources.push(cboeSymbolSource(symbol, flags.pollSeconds, log, flags.cboeBaseUrl));
  }
  if (flags.deribitDir) {
    const snap = await loadChain({ deribitDir: flags.deribitDir });
    sources.push(
      new StaticSource(`deribit-${snap.underlying.toLowerCase()}`, `Deribit ${snap.underlying} (recorded)`, snap),
    );
  }
  if (flags.csv !== undefined || flags.mapping !== undefined) {
    const snap = await loadChain({
      ...(flags.csv ? { csv: flags.csv } : {}),
      ...(flags.mapping ? { mapping: flags.mapping } : {}),
    });
    const id = `csv-${snap.underlying.toLowerCase()}`;
    sources.push(new StaticSource(id, `${snap.venue} ${snap.underlying} (CSV)`, snap));
  }
  // live venues when named, and Deribit's live chain when nothing else is served
  if (flags.venue !== undefined || sources.length === 0) {
    const venue = flags.venue ?? DEFAULT_VENUE;
    sources.push(...liveVenueSources({ ...flags, venue }, log));
  }
  return sources;
}
