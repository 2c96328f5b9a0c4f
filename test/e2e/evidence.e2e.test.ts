/// <reference lib="dom" />
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { readPricesFile } from '../../src/sources/prices/read.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DATA_DIR } from '../golden/paths.js';
import { testSnapshot } from '../store/contract.js';
import { launchChromium } from './browser.js';

// six stored snapshots a day apart, against the real SPX daily OHLC (which covers their dates)
const T0 = Date.UTC(2025, 10, 17, 22);
const DAY = 86_400_000;
let store: DuckDbStore;
let server: Listening;
let browser: Browser;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  for (let d = 0; d < 6; d++) await store.writeSnapshot(recordOf(testSnapshot(T0 + d * DAY, d + 1)));
  const prices = await readPricesFile(resolve(DATA_DIR, 'cboe-spx-history/spx_daily_ohlc.csv'));
  server = await listen(
    createApp({
      sources: [new StaticSource('deribit-btc', 'BTC', testSnapshot(T0 + 6 * DAY, 7))],
      history: store,
      prices,
      webRoot: DEFAULT_WEB_ROOT,
    }),
    { port: 0 },
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

describe('the dashboard Evidence panel in headless Chromium', () => {
  it('appears with a store and prices, and plots each stored snapshot’s next-session vol against its net GEX', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=deribit-btc`);
    await page.waitForSelector('[data-testid=evidence]:not([hidden])', { timeout: 15_000 });
    const points = await page.evaluate(() => {
      const chart = (
        window as unknown as { gexmapEvidence: { getOption(): { series: { name: string; data: unknown[] }[] } } }
      ).gexmapEvidence;
      return chart.getOption().series.find((s) => s.name === 'sessions')!.data as { value: [number, number] }[];
    });
    const stored = await store.readSummaries();
    expect(points).toHaveLength(6);
    expect(points.map((p) => p.value[0])).toEqual(stored.map((s) => s.netGex / 1e9));
    expect(await page.textContent('[data-testid=evidence-summary]')).toContain('6 snapshots with a next session');
    await page.close();
  });
});
