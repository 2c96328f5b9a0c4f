import { describe, expect, it } from 'vitest';
import { chainSpec } from '../../src/cli/loadChain.js';
import { UsageError } from '../../src/cli/usageError.js';
import { venueSet } from '../../src/cli/venues.js';
import { VENUES } from '../../src/sources/registry.js';

/** The usage error chainSpec throws for these flags (nothing is read or fetched: the spec is pure). */
function usage(flags: Parameters<typeof chainSpec>[0]): string {
  try {
    chainSpec(flags);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error('no usage error');
}

describe('chainSpec: the report flags parsed once into one chain source', () => {
  it('names a recorded folder, a CBOE file and a CBOE URL by kind, with the pricing terms of CBOE chains', () => {
    expect(chainSpec({ deribitDir: 'dir' })).toEqual({ kind: 'deribit-dir', dir: 'dir' });
    expect(chainSpec({ cboe: 'spx.csv', rate: 0.04, forward: 'implied' })).toEqual({
      kind: 'cboe-file',
      file: 'spx.csv',
      terms: { rate: 0.04, forward: 'implied' },
    });
    expect(chainSpec({ cboe: 'https://x.test/spx.csv', asOf: 1, retries: 0 })).toEqual({
      kind: 'cboe-url',
      url: 'https://x.test/spx.csv',
      terms: { asOf: 1 },
      retries: 0,
    });
    expect(chainSpec({ cboeSymbol: '_spx' })).toMatchObject({ kind: 'cboe-symbol', symbol: 'SPX' });
    expect(chainSpec({ csv: 'c.csv', mapping: 'm.json' })).toEqual({ kind: 'csv', file: 'c.csv', mapping: 'm.json' });
  });

  it('gives each venue its --base-url pair or its registry default', () => {
    expect(chainSpec({ venue: 'okx,bybit', currency: 'BTC', baseUrl: 'okx=http://127.0.0.1:1', retries: 2 })).toEqual({
      kind: 'venues',
      currency: 'BTC',
      venues: [
        { venue: 'okx', baseUrl: 'http://127.0.0.1:1' },
        { venue: 'bybit', baseUrl: VENUES.bybit.restUrl },
      ],
      retries: 2,
    });
  });

  it('refuses a reference venue that is not listed before any venue is asked', () => {
    expect(usage({ venue: 'okx,bybit', currency: 'BTC', referenceVenue: 'binance' })).toBe(
      '--reference-venue binance is not in --venue okx,bybit',
    );
  });

  it('names the first venue and the currencies it takes when --currency is missing', () => {
    expect(usage({ venue: 'deribit' })).toBe('--venue deribit needs --currency (BTC, ETH, SOL, XRP …)');
    expect(usage({ venue: 'okx,deribit' })).toBe('--venue okx needs --currency (BTC, ETH …)');
  });

  it('refuses a lone --base-url for several venues, a pair naming an unlisted venue, and a second source', () => {
    expect(usage({ venue: 'okx,bybit', currency: 'BTC', baseUrl: 'http://x' })).toMatch(/venue=URL pairs/);
    expect(usage({ venue: 'okx', currency: 'BTC', baseUrl: 'bybit=http://x' })).toBe(
      '--base-url names bybit, which is not in --venue',
    );
    expect(usage({ venue: 'okx', currency: 'BTC', deribitDir: 'dir' })).toMatch(/^name exactly one chain source/);
  });

  it('keeps a stored snapshot apart from every other source', () => {
    expect(chainSpec({ db: 'h.duckdb', venue: 'okx', at: 5 })).toEqual({
      kind: 'stored',
      db: 'h.duckdb',
      venue: 'okx',
      at: 5,
    });
    expect(usage({ db: 'h.duckdb', pg: 'postgres://x' })).toBe('--db and --pg exclude each other');
    expect(usage({ db: 'h.duckdb', currency: 'BTC' })).toMatch(/^a stored snapshot/);
  });
});

describe('venueSet: --ws-url', () => {
  it('goes to the one venue named, or by venue=URL pair; a lone URL for several venues leaves their defaults', () => {
    expect(venueSet({ venue: 'okx', wsUrl: 'ws://a' }).venues).toEqual([
      { venue: 'okx', baseUrl: VENUES.okx.restUrl, wsUrl: 'ws://a' },
    ]);
    expect(venueSet({ venue: 'okx,bybit', wsUrl: 'bybit=ws://b,okx=ws://a' }).venues.map((v) => v.wsUrl)).toEqual([
      'ws://a',
      'ws://b',
    ]);
    expect(venueSet({ venue: 'okx,bybit', wsUrl: 'ws://a' }).venues.map((v) => v.wsUrl)).toEqual([
      VENUES.okx.wsUrl(VENUES.okx.restUrl),
      VENUES.bybit.wsUrl(VENUES.bybit.restUrl),
    ]);
  });

  it("takes Deribit's WebSocket from its --base-url, as the venue serves both from one host", () => {
    expect(venueSet({ venue: 'deribit', baseUrl: 'http://127.0.0.1:8080' }).venues).toEqual([
      { venue: 'deribit', baseUrl: 'http://127.0.0.1:8080', wsUrl: 'ws://127.0.0.1:8080/ws/api/v2' },
    ]);
  });
});
