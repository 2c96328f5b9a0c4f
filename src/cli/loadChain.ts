import { basename } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { ChainSnapshot } from '../chain/types.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { CBOE_SYMBOLS, type CboeSymbol, fetchCboeCsv, fetchCboeDelayedQuotes, isUrl } from '../sources/cboe/live.js';
import { readGenericCsv } from '../sources/csv/generic.js';
import { readDeribitDir } from '../sources/deribit/index.js';
import { type LiveSourceFlags, loadLiveChain } from './deribitLive.js';
import { loadStoredChain } from './storedChain.js';
import { UsageError } from './usageError.js';
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
  /** CBOE chains: where each expiry's forward comes from (default spot; VIX always implied) */
  readonly forward?: 'spot' | 'implied';
  /** CBOE chains: the snapshot instant (epoch ms) over the one the download states */
  readonly asOf?: number;
  /** a stored snapshot of the history store (DuckDB file or PostgreSQL URL) */
  readonly db?: string;
  readonly pg?: string;
  /** with db / pg: which chain, and the snapshot at or before `at` (epoch ms; default the latest) */
  readonly underlying?: string;
  readonly at?: number;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO 8601 instant with its zone (`2023-04-05T19:41-04:00`, `…Z`) → epoch ms, for `flag`. A time
 * without a zone is refused: read in the machine's own zone it would shift asOf by hours unseen.
 */
export function parseInstant(flag: string) {
  return (value: string): number => {
    const text = value.trim();
    const t = ISO_INSTANT.test(text) ? Date.parse(text.replace(' ', 'T')) : Number.NaN;
    if (!Number.isFinite(t)) {
      throw new InvalidArgumentError(
        `${flag} ${JSON.stringify(value)} is not an ISO instant with a zone, e.g. 2023-04-05T19:41-04:00 or 2023-04-05T23:41Z`,
      );
    }
    const year = new Date(t).getUTCFullYear();
    if (year < 1990 || year > 2100)
      throw new InvalidArgumentError(`${flag} ${JSON.stringify(value)}: year ${year} is outside 1990–2100`);
    return t;
  };
}

/** `spx` → `SPX`; a UsageError for a symbol CBOE's delayed-quotes JSON is not read for here. */
export function parseCboeSymbol(text: string): CboeSymbol {
  const symbol = text.trim().toUpperCase().replace(/^[_^]/, '');
  const known = CBOE_SYMBOLS.find((s) => s === symbol);
  if (known === undefined) throw new UsageError(`--cboe-symbol ${text}: expected one of ${CBOE_SYMBOLS.join(', ')}`);
  return known;
}

/** --forward and --as-of apply to CBOE chains only. */
function cboeOnly(opts: ChainSourceOptions, why: string): void {
  const given = [opts.forward !== undefined ? '--forward' : '', opts.asOf !== undefined ? '--as-of' : ''].filter(
    Boolean,
  );
  if (given.length > 0)
    throw new UsageError(
      `${given.join(' and ')} ${given.length > 1 ? 'apply' : 'applies'} to CBOE chains (--cboe, --cboe-symbol): ${why}`,
    );
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
    cboeOnly(opts, 'a stored snapshot keeps the forwards and asOf it was recorded with');
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
    cboeOnly(opts, 'a --csv chain takes its forwards and asOf from its mapping file');
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
  const cboe = {
    ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    ...(opts.yield !== undefined ? { yield: opts.yield } : {}),
    ...(opts.forward !== undefined ? { forward: opts.forward } : {}),
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
  };
  if (opts.cboeSymbol !== undefined) {
    const symbol = parseCboeSymbol(opts.cboeSymbol);
    return fetchCboeDelayedQuotes(symbol, {
      ...cboe,
      ...(opts.cboeBaseUrl !== undefined ? { baseUrl: opts.cboeBaseUrl } : {}),
      ...(opts.retries !== undefined ? { http: { retries: opts.retries } } : {}),
    });
  }
  if (opts.cboe !== undefined) {
    if (isUrl(opts.cboe)) {
      return fetchCboeCsv(opts.cboe, {
        ...cboe,
        ...(opts.retries !== undefined ? { http: { retries: opts.retries } } : {}),
      });
    }
    return readCboeFile(opts.cboe, { ...cboe, source: basename(opts.cboe) });
  }
  cboeOnly(opts, 'Deribit and other venue chains price on their own forwards and stamp their own asOf');
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
