import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecorder, venueTargets } from '../../src/history/recorder.js';
import { fetchOkxSnapshot, okxHttp } from '../../src/sources/okx/rest.js';
import type { LiveVenue } from '../../src/sources/venueSnapshots.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { FAST_BACKOFF } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { startBinanceReplay } from '../support/venueReplay/binance.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import { startOkxReplay } from '../support/venueReplay/okx.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

const FAST_HTTP = {
  backoff: FAST_BACKOFF,
  retries: 1,
  timeoutMs: 5000,
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};
let deribit: DeribitReplay;
let others: Record<'okx' | 'bybit' | 'binance', VenueReplay>;

beforeAll(async () => {
  deribit = await startDeribitReplay({ markets: [recordedBtcMarket()] });
  const [okx, bybit, binance] = await Promise.all([startOkxReplay(), startBybitReplay(), startBinanceReplay()]);
  others = { okx, bybit, binance };
});
afterAll(async () => {
  await Promise.all([deribit.close(), ...Object.values(others).map((r) => r.close())]);
});

const baseUrl = (v: LiveVenue) => (v === 'deribit' ? deribit.baseUrl : others[v].baseUrl);

describe('recorder over several venues', () => {
  it('stores one whole snapshot per venue each round, each under its venue, equal to the venue answer', async () => {
    const store = await DuckDbStore.open(':memory:');
    const signal = new AbortController().signal;
    const lines: string[] = [];
    const venues: LiveVenue[] = ['deribit', 'okx', 'bybit', 'binance'];
    const stats = await runRecorder({
      store,
      targets: venueTargets(venues, ['BTC'], { signal, baseUrl, http: FAST_HTTP }),
      everyMs: 1,
      rounds: 1,
      signal,
      log: (l) => lines.push(l),
    });
    expect(stats).toMatchObject({ rounds: 1, written: 4, fetchErrors: 0 });
    const listed = await store.listSnapshots();
    expect(listed.map((s) => s.venue).sort()).toEqual([...venues].sort());
    expect(await store.countOptionRows()).toBe(listed.reduce((n, s) => n + s.options, 0));
    const okx = await fetchOkxSnapshot(okxHttp({ baseUrl: others.okx.baseUrl }), 'BTC');
    const stored = await store.readSnapshot(okx);
    const byName = (a: { instrument: string }, b: { instrument: string }) => a.instrument.localeCompare(b.instrument);
    expect([...stored!.options].sort(byName)).toEqual([...okx.options].sort(byName));
    for (const v of venues) expect(lines.some((l) => l.startsWith(`stored ${v} `))).toBe(true);
    await store.close();
  });

  it('keeps recording the other venues while one refuses, counting its errors', async () => {
    const store = await DuckDbStore.open(':memory:');
    const signal = new AbortController().signal;
    const lines: string[] = [];
    others.okx.faults.http429 = 100;
    try {
      const stats = await runRecorder({
        store,
        targets: venueTargets(['okx', 'deribit'], ['BTC'], { signal, baseUrl, http: { ...FAST_HTTP, retries: 0 } }),
        everyMs: 1,
        rounds: 1,
        signal,
        log: (l) => lines.push(l),
      });
      expect(stats).toMatchObject({ written: 1, fetchErrors: 1 });
      expect((await store.listSnapshots()).map((s) => s.venue)).toEqual(['deribit']);
      expect(lines.find((l) => l.startsWith('venue error for okx BTC'))).toMatch(/HTTP 429/);
    } finally {
      others.okx.clearFaults();
      await store.close();
    }
  });

  it('says where it resumes, per venue and underlying, from what the store holds', async () => {
    const store = await DuckDbStore.open(':memory:');
    const signal = new AbortController().signal;
    const run = (log: (l: string) => void) =>
      runRecorder({
        store,
        targets: venueTargets(['okx'], ['BTC'], { signal, baseUrl, http: FAST_HTTP }),
        everyMs: 1,
        rounds: 1,
        signal,
        log,
      });
    await run(() => {});
    const lines: string[] = [];
    await run((l) => lines.push(l));
    const [okx] = await store.listSnapshots();
    expect(lines[0]).toBe(
      `resuming okx ${okx!.underlying}: 1 snapshots stored, last ${new Date(okx!.asOf).toISOString()}`,
    );
    await store.close();
  });
});
