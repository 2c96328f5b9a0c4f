import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCboeFile } from '../../src/sources/cboe/read.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { fetchOkxSnapshot, okxHttp } from '../../src/sources/okx/rest.js';
import { openChain } from '../../src/sources/openChain.js';
import { LIVE_VENUES, type LiveVenue, VENUES } from '../../src/sources/registry.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { startBinanceReplay } from '../support/venueReplay/binance.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import { startOkxReplay } from '../support/venueReplay/okx.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

let deribit: DeribitReplay;
let others: Record<'okx' | 'bybit' | 'binance', VenueReplay>;
beforeAll(async () => {
  deribit = await startDeribitReplay({ markets: [recordedBtcMarket({ historyTrades: 0 })] });
  const [okx, bybit, binance] = await Promise.all([startOkxReplay(), startBybitReplay(), startBinanceReplay()]);
  others = { okx, bybit, binance };
});
afterAll(async () => {
  await Promise.all([deribit.close(), ...Object.values(others).map((r) => r.close())]);
});
const replayUrl = (v: LiveVenue) => (v === 'deribit' ? deribit.baseUrl : others[v].baseUrl);

describe('openChain on files', () => {
  it('reads the real Deribit BTC answers of a folder, the source shown by the folder name only', async () => {
    const snap = await openChain({ kind: 'deribit-dir', dir: DERIBIT_BTC_DIR });
    expect(snap.source).toBe('deribit-btc-2025-11-19');
    expect(snap).toEqual({ ...(await readDeribitDir(DERIBIT_BTC_DIR)), source: 'deribit-btc-2025-11-19' });
  });

  it('reads the real CBOE SPX download with the pricing terms it is given', async () => {
    const terms = { rate: 0.04, yield: 0.015 };
    const snap = await openChain({ kind: 'cboe-file', file: CBOE_SPX_FILE, terms });
    expect(snap.source).toBe('spx_quotedata.csv');
    expect(snap).toEqual(await readCboeFile(CBOE_SPX_FILE, { ...terms, source: 'spx_quotedata.csv' }));
  });
});

describe('openChain on live venues (the registry)', () => {
  it.each(LIVE_VENUES)('reads the recorded %s chain through its registry entry', async (venue) => {
    const snap = await openChain({ kind: 'venues', venues: [{ venue, baseUrl: replayUrl(venue) }], currency: 'BTC' });
    expect(snap.venue).toBe(venue);
    expect(snap.underlying).toBe('BTC');
    expect(snap.options.length).toBeGreaterThan(100);
  });

  it('gives the same chain as the venue adapter called directly', async () => {
    const direct = await fetchOkxSnapshot(okxHttp({ baseUrl: others.okx.baseUrl }), 'BTC');
    const viaSpec = await openChain({
      kind: 'venues',
      venues: [{ venue: 'okx', baseUrl: others.okx.baseUrl }],
      currency: 'BTC',
    });
    expect({ ...viaSpec, asOf: 0 }).toEqual({ ...direct, asOf: 0 });
  });

  it('aggregates several venues into one map, spot from the reference venue', async () => {
    const snap = await openChain({
      kind: 'venues',
      venues: [
        { venue: 'deribit', baseUrl: deribit.baseUrl },
        { venue: 'okx', baseUrl: others.okx.baseUrl },
      ],
      currency: 'BTC',
      referenceVenue: 'okx',
    });
    const okx = await openChain({
      kind: 'venues',
      venues: [{ venue: 'okx', baseUrl: others.okx.baseUrl }],
      currency: 'BTC',
    });
    expect(new Set(snap.options.map((o) => o.venue))).toEqual(new Set(['deribit', 'okx']));
    expect(snap.spot).toBe(okx.spot);
  });

  it('names each venue with a REST default and a WebSocket default derived from it', () => {
    for (const v of LIVE_VENUES) {
      expect(new URL(VENUES[v].restUrl).protocol).toBe('https:');
      expect(new URL(VENUES[v].wsUrl(VENUES[v].restUrl)).protocol).toBe('wss:');
    }
    expect(VENUES.deribit.wsUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/ws/api/v2');
  });
});
