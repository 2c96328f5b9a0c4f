import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { PollingSource } from '../../src/server/venueSources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

let spx: ChainSnapshot;
let btc: ChainSnapshot;
beforeAll(async () => {
  [spx, btc] = await Promise.all([readCboeFile(CBOE_SPX_FILE), readDeribitDir(DERIBIT_BTC_DIR)]);
});

interface Listed {
  id: string;
  kind: string;
  state: string;
  fresh: boolean;
  staleAfterSeconds: number | null;
  lastGoodAgeSeconds: number | null;
  asOf: string | null;
}

describe('GET /api/sources: what the badge needs', () => {
  it('marks a recorded file as recorded (never fresh), with its asOf, and a live feed by the age of its data', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const live = new PushSource('live-btc', 'BTC (live)', now);
    live.push(btc);
    const polled = new PollingSource({
      id: 'polled-btc',
      label: 'BTC polled',
      fetch: async () => btc,
      intervalMs: 300_000,
      now,
    });
    await polled.polled;
    const app = createApp({ sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx, now), live, polled], now });
    const list = async () => (await (await app.request('/api/sources')).json()) as Listed[];

    const [file, feed, poll] = await list();
    expect(file).toMatchObject({
      kind: 'recorded',
      state: 'ok',
      fresh: false,
      staleAfterSeconds: null,
      asOf: '2022-12-13T01:30:00.000Z',
    });
    expect(feed).toMatchObject({
      kind: 'live',
      state: 'ok',
      fresh: true,
      staleAfterSeconds: 60,
      lastGoodAgeSeconds: 0,
    });
    // a source polled every 5 minutes is stale once it has missed a poll, not after a minute
    expect(poll).toMatchObject({ kind: 'live', fresh: true, staleAfterSeconds: 600 });

    clock += 61_000;
    const [, old, stillFresh] = await list();
    expect(old).toMatchObject({ kind: 'live', state: 'ok', fresh: false, lastGoodAgeSeconds: 61 });
    expect(stillFresh!.fresh).toBe(true);

    live.fail('stale', 'stream lost');
    live.push(btc);
    expect((await list())[1]).toMatchObject({ fresh: true, lastGoodAgeSeconds: 0 });
    live.fail('stale', 'stream lost');
    expect((await list())[1]).toMatchObject({ state: 'stale', fresh: false });
    await polled.close();
  });
});
