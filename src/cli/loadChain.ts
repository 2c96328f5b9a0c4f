import type { ChainSnapshot } from '../chain/types.js';
import { CBOE_SYMBOLS, type CboeSymbol, isUrl } from '../sources/cboe/live.js';
import { type CboeTerms, type ChainSourceSpec, openChain, type VenueAt } from '../sources/openChain.js';
import type { LiveSourceFlags } from './deribitLive.js';
import { loadStoredChain, type StoredChainFlags } from './storedChain.js';
import { UsageError } from './usageError.js';
import { requireCurrency, venueSet } from './venues.js';

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
      throw new UsageError(
        `${flag} ${JSON.stringify(value)} is not an ISO instant with a zone, e.g. 2023-04-05T19:41-04:00 or 2023-04-05T23:41Z`,
      );
    }
    const year = new Date(t).getUTCFullYear();
    if (year < 1990 || year > 2100)
      throw new UsageError(`${flag} ${JSON.stringify(value)}: year ${year} is outside 1990–2100`);
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

/** Where one chain comes from: a source `openChain` reads, or a snapshot of the history store. */
export type ChainSpec = ChainSourceSpec | ({ readonly kind: 'stored' } & StoredChainFlags);

/** The rate, yield, forwards and asOf the flags set for a CBOE chain. */
export const cboeTerms = (opts: Pick<ChainSourceOptions, 'rate' | 'yield' | 'forward' | 'asOf'>): CboeTerms => ({
  ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
  ...(opts.yield !== undefined ? { yield: opts.yield } : {}),
  ...(opts.forward !== undefined ? { forward: opts.forward } : {}),
  ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
});

const retriesOf = (opts: ChainSourceOptions) => (opts.retries !== undefined ? { retries: opts.retries } : {});

/** The stored snapshot the flags choose, checked against every flag that would name another chain. */
function storedSpec(opts: ChainSourceOptions): ChainSpec {
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
  if (opts.db && opts.pg) throw new UsageError('--db and --pg exclude each other');
  return {
    kind: 'stored',
    ...(opts.db !== undefined ? { db: opts.db } : {}),
    ...(opts.pg !== undefined ? { pg: opts.pg } : {}),
    ...(opts.venue !== undefined ? { venue: opts.venue } : {}),
    ...(opts.underlying !== undefined ? { underlying: opts.underlying } : {}),
    ...(opts.at !== undefined ? { at: opts.at } : {}),
  };
}

/** `--venue a[,b…] --currency X`: the venues' REST snapshots, aggregated when there are several. */
function venuesSpec(opts: ChainSourceOptions & { readonly venue: string }): ChainSpec {
  const { venues, ...set } = venueSet(opts);
  const currency = requireCurrency(opts.currency, (venues[0] as VenueAt).venue);
  if (venues.length > 1 && opts.referenceVenue !== undefined && !venues.some((v) => v.venue === opts.referenceVenue)) {
    throw new UsageError(`--reference-venue ${opts.referenceVenue} is not in --venue ${opts.venue}`);
  }
  // a REST read: the WebSocket URLs stay behind
  return { kind: 'venues', currency, venues: venues.map(({ venue, baseUrl }) => ({ venue, baseUrl })), ...set };
}

/**
 * The one chain source the command line names, every flag checked against it: a UsageError
 * naming the flag for a source named twice or a flag the source does not take.
 */
export function chainSpec(opts: ChainSourceOptions): ChainSpec {
  if (opts.db !== undefined || opts.pg !== undefined) return storedSpec(opts);
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
  if (opts.csv !== undefined && opts.mapping !== undefined) {
    cboeOnly(opts, 'a --csv chain takes its forwards and asOf from its mapping file');
    if (opts.rate !== undefined || opts.yield !== undefined) {
      throw new UsageError('--rate and --yield of a --csv chain are set in its mapping file (rate, yield)');
    }
    return { kind: 'csv', file: opts.csv, mapping: opts.mapping };
  }
  if (opts.referenceVenue !== undefined && !opts.venue?.includes(',')) {
    throw new UsageError('--reference-venue applies to several venues: --venue deribit,okx');
  }
  if (opts.cboeBaseUrl !== undefined && opts.cboeSymbol === undefined) {
    throw new UsageError('--cboe-base-url applies to --cboe-symbol');
  }
  if (opts.cboeSymbol !== undefined) {
    return {
      kind: 'cboe-symbol',
      symbol: parseCboeSymbol(opts.cboeSymbol),
      ...(opts.cboeBaseUrl !== undefined ? { baseUrl: opts.cboeBaseUrl } : {}),
      terms: cboeTerms(opts),
      ...retriesOf(opts),
    };
  }
  if (opts.cboe !== undefined) {
    if (isUrl(opts.cboe)) return { kind: 'cboe-url', url: opts.cboe, terms: cboeTerms(opts), ...retriesOf(opts) };
    return { kind: 'cboe-file', file: opts.cboe, terms: cboeTerms(opts) };
  }
  cboeOnly(opts, 'Deribit and other venue chains price on their own forwards and stamp their own asOf');
  if (opts.rate !== undefined || opts.yield !== undefined) {
    throw new UsageError(
      '--rate and --yield apply to BSM equity chains (--cboe); Deribit chains price on their own forwards',
    );
  }
  if (opts.venue !== undefined) return venuesSpec({ ...opts, venue: opts.venue });
  return { kind: 'deribit-dir', dir: opts.deribitDir as string };
}

/** Reads the chain `spec` names (a stored snapshot from the history store, any other through openChain). */
async function openChainSpec(spec: ChainSpec): Promise<ChainSnapshot> {
  if (spec.kind === 'stored') return loadStoredChain(spec);
  return openChain(spec);
}

/** Reads the one chain source the command line names (see chainSpec). */
export async function loadChain(opts: ChainSourceOptions): Promise<ChainSnapshot> {
  return openChainSpec(chainSpec(opts));
}
