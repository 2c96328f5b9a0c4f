import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DATA_DIR, DERIBIT_BTC_DIR } from '../golden/paths.js';

// biome-ignore lint/suspicious/noExplicitAny: the JSON under test is checked field by field
const readJson = (res: Response): Promise<any> => res.json();
// the real intraday SPX download (13:40 New York), whose legs carry bid and ask
const INTRADAY = resolve(DATA_DIR, 'cboe-spx-history/spx_quotedata_2023-06-09_1340ET.csv');

let spx: ChainSnapshot;
let btc: ChainSnapshot;
beforeAll(async () => {
  [spx, btc] = await Promise.all([readCboeFile(INTRADAY), readDeribitDir(DERIBIT_BTC_DIR)]);
});

const app = () =>
  createApp({
    sources: [
      new StaticSource('cboe-spx', 'CBOE SPX', spx, () => 1),
      new StaticSource('deribit-btc', 'Deribit BTC', btc, () => 1),
    ],
    webRoot: '/nonexistent',
    now: () => 1,
  });

describe('GET /api/sources/:id/report?forward=implied', () => {
  it('prices a BSM chain on its parity forwards with Black-76 and says so; the default stays on spot', async () => {
    const a = app();
    const spot = await readJson(await a.request('/api/sources/cboe-spx/report'));
    const implied = await readJson(await a.request('/api/sources/cboe-spx/report?forward=implied'));
    expect(spot.conventions.model).toMatch(/^Black-Scholes-Merton on spot/);
    expect(implied.conventions.model).toMatch(/^Black-76 on each expiry's own forward/);
    expect(implied.conventions.forwardSource).toMatch(/^put-call parity per expiry: .* \d+ of 53 expiries implied/);
    expect(implied.netGex).not.toBeCloseTo(spot.netGex, -8);
  });

  it('leaves a chain already on its own forwards (Deribit) as it is, and refuses another value with 400', async () => {
    const a = app();
    const plain = await (await a.request('/api/sources/deribit-btc/report')).text();
    const asked = await (await a.request('/api/sources/deribit-btc/report?forward=implied')).text();
    expect(asked).toBe(plain);
    const bad = await a.request('/api/sources/cboe-spx/report?forward=parity');
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error).toMatch(/forward/);
  });
});
