import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { StaticSource } from '../../src/server/sources.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

let btc: ChainSnapshot;
beforeAll(async () => {
  btc = await readDeribitDir(DERIBIT_BTC_DIR);
});

const app = () => createApp({ sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc, () => 1)], now: () => 1 });

describe('GET /api/sources/:id/report?surfaceDays=', () => {
  it('serves the surface the library computes, only when asked', async () => {
    const res = await app().request('/api/sources/deribit-btc/report?surfaceDays=2&surfaceSpots=9');
    expect(res.status).toBe(200);
    const body = await res.json();
    const want = buildFullReport(btc, { surface: { days: 2, spots: 9 } }).surface;
    expect(body.surface).toEqual(want);
    const plain = await (await app().request('/api/sources/deribit-btc/report')).json();
    expect(plain.surface).toBeUndefined();
  });

  it('refuses a surface field out of bounds, naming it', async () => {
    const res = await app().request('/api/sources/deribit-btc/report?surfaceDays=0');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/surfaceDays/);
    const alone = await app().request('/api/sources/deribit-btc/report?surfaceSpots=30');
    expect(alone.status).toBe(400);
    expect((await alone.json()).error).toBe('surfaceSpots is only read with surfaceDays');
  });
});
