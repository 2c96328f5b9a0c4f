/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { coreReportBuilder } from '../../src/server/reportCache.js';
import { StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { testSnapshot } from '../store/contract.js';
import { launchChromium } from './browser.js';

const T0 = Date.UTC(2025, 10, 19, 0);
const HOUR = 3_600_000;
let store: DuckDbStore;
let server: Listening;
let browser: Browser;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  for (let h = 0; h < 6; h++) await store.writeSnapshot(recordOf(testSnapshot(T0 + h * HOUR, h + 1)));
  const live = testSnapshot(T0 + 6 * HOUR, 7);
  server = await listen(
    createApp({ sources: [new StaticSource('deribit-btc', 'BTC', live)], history: store, webRoot: DEFAULT_WEB_ROOT }),
    { port: 0 },
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

describe('the dashboard history panel in headless Chromium', () => {
  it('appears with a server history store and charts the stored net GEX over time', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=deribit-btc`);
    await page.waitForSelector('[data-testid=history]:not([hidden])', { timeout: 15_000 });
    const netGex = await page.evaluate(() => {
      const chart = (
        window as unknown as { gexmapHistory: { getOption(): { series: { name: string; data: unknown[] }[] } } }
      ).gexmapHistory;
      return chart.getOption().series.find((s) => s.name === 'net GEX')!.data;
    });
    const stored = await store.readSummaries({ underlying: 'BTC' });
    expect(netGex).toHaveLength(6);
    expect(JSON.stringify(netGex)).toContain(String(stored[3]!.netGex));
    await page.close();
  });

  it('shows the whole map as stored at a chosen time, follows the controls there, and goes back to live', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=deribit-btc`);
    await page.waitForSelector('[data-testid=history]:not([hidden])', { timeout: 15_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'recorded',
    );
    const asOf = (() =>
      (window as unknown as { gexmap: { report: { asOf: string } } }).gexmap.report.asOf) as () => string;
    expect(await page.evaluate(asOf)).toBe(new Date(T0 + 6 * HOUR).toISOString());

    await page.selectOption('[data-testid=history-at]', String(T0 + 2 * HOUR));
    await page.click('[data-testid=history-show]');
    await page.waitForSelector('[data-testid=replay]:not([hidden])');
    expect(await page.evaluate(asOf)).toBe(new Date(T0 + 2 * HOUR).toISOString());
    expect(await page.textContent('[data-testid=replay-at]')).toBe(new Date(T0 + 2 * HOUR).toISOString());
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('stored');
    expect(await page.textContent('[data-testid=status]')).toBe(
      `stored ${new Date(T0 + 2 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} UTC · deribit BTC`,
    );
    const stored = await store.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 2 * HOUR });
    const want = coreReportBuilder(stored!, { view: 'all', positioning: 'customer-long', range: 20 }) as {
      netGex: number;
    };
    await page.selectOption('[data-testid=positioning]', 'customer-long');
    await page.waitForFunction(
      (net) => (window as unknown as { gexmap: { report: { netGex: number } } }).gexmap.report.netGex === net,
      want.netGex,
    );
    expect(await page.evaluate(asOf)).toBe(new Date(T0 + 2 * HOUR).toISOString());

    await page.click('[data-testid=replay-back]');
    await page.waitForFunction(
      (live) => (window as unknown as { gexmap: { report: { asOf: string } } }).gexmap.report.asOf === live,
      new Date(T0 + 6 * HOUR).toISOString(),
    );
    expect(await page.isVisible('[data-testid=replay]')).toBe(false);
    await page.close();
  });
});
