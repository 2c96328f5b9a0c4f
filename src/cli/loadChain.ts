import { basename } from 'node:path';
import type { ChainSnapshot } from '../chain/types.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { CBOE_SYMBOLS, type CboeSymbol, fetchCboeCsv, fetchCboeDelayedQuotes, isUrl } from '../sources/cboe/live.js';
import { readGenericCsv } from '../sources/csv/generic.js';
import { readDeribitDir } from '../sources/deribit/index.js';
import { type LiveSourceFlags, loadLiveChain } from './deribitLive.js';
import { loadStoredChain } from './storedChain.js';
import { loadVenueChains } from './venues.js';

export interface ChainSourceOptions extends LiveSourceFlags {
  readonly cboe?: string;
  /** CBOE delayed-quotes JSON of this symbol (SPX, SPY, QQQ, NDX, RUT, VIX) */
  readonly cboeSymbol?: string;
  /** where that JSON is served (default CBOE's CDN) */
  readonly cboeBaseUrl?: string;
  readonly deribitDir?: string;
  /** a generic option-chain CSV, read with `mapping` */
  readonly csv?: string;
  readonly mapping?: string;
  /** aggregated live chains: the venue whose index is spot */
  readonly referenceVenue?: string;
  readonly rate?: number;
  readonly yield?: number;
  /** a stored snapshot of the history store (DuckDB file or PostgreSQL URL) */
  readonly db?: string;
  readonly pg?: string;
  /** with db / pg: which chain, and the snapshot at or before `at` (epoch ms; default the latest) */
  readonly underlying?: string;
  readonly at?: number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `spx` → `SPX`; a UsageError for a symbol CBOE's delayed-quotes JSON is not read for here. */
export function parseCboeSymbol(text: string): CboeSymbol {
  const symbol = text.trim().toUpperCase().replace(/^[_^]/, '');
  const known = CBOE_SYMBOLS.find((s) => s === symbol);
  if (known === undefined) throw new UsageError(`--cboe-symbol ${text}: expected one of ${CBOE_SYMBOLS.join(', ')}`);
  return known;
}

/**
 * Reads the one chain source the command line names. A file's `source` is its base name (a URL
 * stays whole): reports and the API show it, and a server must not publish its own folders.
 */
export async function loadChain(opts: ChainSourceOptions): Promise<ChainSnapshot> {
  if (opts.db !== undefined || opts.pg !== undefined) {
    const other = [opts.cboe, opts.cboeSymbol, opts.deribitDir, opts.csv, opts.currency, opts.baseUrl];
    if (other.some((x) => x !== undefined) || opts.venue?.includes(',')) {
      throw new UsageError(
        'a stored snapshot (--db FILE or --pg URL, with --venue, --underlying and --at to choose it) is the only chain source',
      );
    }
    if (opts.rate !== undefined || opts.yield !== undefined) {
      throw new UsageError('a stored snapshot keeps the rate and yield it was recorded with');
    }
    return loadStoredChain(opts);
  }
  if (opts.underlying !== undefined || opts.at !== undefined) {
    throw new UsageError('--underlying and --at choose a stored snapshot: add --db FILE or --pg URL');
  }
  if (opts.venue === undefined && (opts.currency ?? opts.baseUrl) !== undefined) {
    throw new UsageError('--currency and --base-url name a live chain: add --venue deribit');
  }
  const given = [opts.cboe, opts.cboeSymbol, opts.deribitDir, opts.csv, opts.venue].filter((x) => x !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      'name exactly one chain source: --cboe FILE|URL, --cboe-symbol SPX, --deribit-dir DIR, --csv FILE --mapping MAP.json or --venue VENUE[,VENUE…] --currency BTC',
    );
  }
  if ((opts.csv === undefined) !== (opts.mapping === undefined)) {
    throw new UsageError('--csv FILE and --mapping MAP.json go together');
  }
  if (opts.csv !== undefined) {
    if (opts.rate !== undefined || opts.yield !== undefined) {
      throw new UsageError('--rate and --yield of a --csv chain are set in its mapping file (rate, yield)');
    }
    return { ...(await readGenericCsv(opts.csv, opts.mapping as string)), source: basename(opts.csv) };
  }
  if (opts.referenceVenue !== undefined && !opts.venue?.includes(',')) {
    throw new UsageError('--reference-venue applies to several venues: --venue deribit,okx');
  }
  if (opts.cboeBaseUrl !== undefined && opts.cboeSymbol === undefined) {
    throw new UsageError('--cboe-base-url applies to --cboe-symbol');
  }
  if (opts.cboeSymbol !== undefined) {
    const symbol = parseCboeSymbol(opts.cboeSymbol);
    return fetchCboeDelayedQuotes(symbol, {
      ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
      ...(opts.yield !== undefined ? { yield: opts.yield } : {}),
      ...(opts.cboeBaseUrl !== undefined ? { baseUrl: opts.cboeBaseUrl } : {}),
      ...(opts.retries !== undefined ? { http: { retries: opts.retries } } : {}),
    });
  }
  if (opts.cboe !== undefined) {
    const bsm = {
      ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
      ...(opts.yield !== undefined ? { yield: opts.yield } : {}),
    };
    if (isUrl(opts.cboe)) {
      return fetchCboeCsv(opts.cboe, {
        ...bsm,
        ...(opts.retries !== undefined ? { http: { retries: opts.retries } } : {}),
      });
    }
    return readCboeFile(opts.cboe, { ...bsm, source: basename(opts.cboe) });
  }
  if (opts.rate !== undefined || opts.yield !== undefined) {
    throw new UsageError(
      '--rate and --yield apply to BSM equity chains (--cboe); Deribit chains price on their own forwards',
    );
  }
  if (opts.venue !== undefined && opts.venue !== 'deribit') return loadVenueChains(opts);
  if (opts.venue !== undefined) return loadLiveChain(opts);
  const dir = opts.deribitDir as string;
  return readDeribitDir(dir, { source: basename(dir) });
}
