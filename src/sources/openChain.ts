import { basename } from 'node:path';
import { aggregateChains } from '../chain/aggregate.js';
import type { ChainSnapshot } from '../chain/types.js';
import { type CboeSymbol, fetchCboeCsv, fetchCboeDelayedQuotes } from './cboe/live.js';
import type { CboeParseOptions } from './cboe/parse.js';
import { readCboeFile } from './cboe/read.js';
import { readGenericCsv } from './csv/generic.js';
import { readDeribitDir } from './deribit/read.js';
import { type LiveVenue, VENUES } from './registry.js';

/** How an equity chain is priced over what its download states: rate, yield, forwards, asOf. */
export type CboeTerms = Pick<CboeParseOptions, 'rate' | 'yield' | 'forward' | 'asOf'>;

/** One live venue of a chain source, with the REST origin it is reached at. */
export interface VenueAt {
  readonly venue: LiveVenue;
  /** the venue's production origin unless a flag named another */
  readonly baseUrl: string;
}

/** Several live venues read together: one map, spot from `referenceVenue` (default the first). */
export interface VenueSet {
  readonly venues: readonly VenueAt[];
  readonly referenceVenue?: string;
  /** retries of a failed REST request (default the client's) */
  readonly retries?: number;
}

/**
 * Where one chain comes from, checked and complete: what the command line named, parsed once.
 * A file's `source` is its base name (a URL stays whole): reports and the API show it, and a
 * server must not publish its own folders.
 */
export type ChainSourceSpec =
  | { readonly kind: 'deribit-dir'; readonly dir: string }
  | { readonly kind: 'csv'; readonly file: string; readonly mapping: string }
  | { readonly kind: 'cboe-file'; readonly file: string; readonly terms: CboeTerms }
  | { readonly kind: 'cboe-url'; readonly url: string; readonly terms: CboeTerms; readonly retries?: number }
  | {
      readonly kind: 'cboe-symbol';
      readonly symbol: CboeSymbol;
      readonly baseUrl?: string;
      readonly terms: CboeTerms;
      readonly retries?: number;
    }
  | ({ readonly kind: 'venues'; readonly currency: string } & VenueSet);

const retriesOf = (retries: number | undefined) => (retries !== undefined ? { http: { retries } } : {});

/** The REST snapshot of each venue of `set` for `currency`, aggregated when there are several. */
async function openVenues(set: VenueSet, currency: string): Promise<ChainSnapshot> {
  const retries = set.retries !== undefined ? { retries: set.retries } : {};
  const snapshots = await Promise.all(
    set.venues.map((v) => VENUES[v.venue].snapshots({ baseUrl: v.baseUrl, ...retries })(currency)),
  );
  if (snapshots.length === 1) return snapshots[0] as ChainSnapshot;
  return aggregateChains(snapshots, set.referenceVenue !== undefined ? { referenceVenue: set.referenceVenue } : {});
}

/** Reads the chain `spec` names: a file, a download or the venues' REST APIs. */
export async function openChain(spec: ChainSourceSpec): Promise<ChainSnapshot> {
  switch (spec.kind) {
    case 'deribit-dir':
      return readDeribitDir(spec.dir, { source: basename(spec.dir) });
    case 'csv':
      return { ...(await readGenericCsv(spec.file, spec.mapping)), source: basename(spec.file) };
    case 'cboe-file':
      return readCboeFile(spec.file, { ...spec.terms, source: basename(spec.file) });
    case 'cboe-url':
      return fetchCboeCsv(spec.url, { ...spec.terms, ...retriesOf(spec.retries) });
    case 'cboe-symbol':
      return fetchCboeDelayedQuotes(spec.symbol, {
        ...spec.terms,
        ...(spec.baseUrl !== undefined ? { baseUrl: spec.baseUrl } : {}),
        ...retriesOf(spec.retries),
      });
    case 'venues':
      return openVenues(spec, spec.currency);
  }
}
