/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { launchChromium } from './browser.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

let server: Listening;
let browser: Browser;
let btc: ChainSnapshot;
let live: PushSource;

interface PageReport {
  netGex: number;
  spot: number;
  byStrike: { strike: number; netGex: number }[];
  byExpiry: unknown[];
  range: { lo: number; hi: number };
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('dashboard not built: run npm run build:web');
  btc = await readDeribitDir(DERIBIT_BTC_DIR);
  const spx = await readCboeFile(CBOE_SPX_FILE);
  live = new PushSource('live-btc', 'BTC (live test feed)');
  live.push(btc);
  // a live feed whose last good data arrived ten minutes ago
  const behind = new PushSource('behind-btc', 'BTC (feed behind)', () => Date.now() - 600_000);
  behind.push(btc);
  const app = createApp({
    sources: [
      new StaticSource('deribit-btc', 'Deribit BTC', btc),
      new StaticSource('cboe-spx', 'CBOE SPX', spx),
      live,
      behind,
    ],
    webRoot: DEFAULT_WEB_ROOT,
  });
  server = await listen(app, { port: 0 });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function apiReport(query: string): Promise<PageReport> {
  return (await (await fetch(`${server.url}/api/sources/${query}`)).json()) as PageReport;
}

async function waitForUpdates(page: Page, atLeast: number) {
  await page.waitForFunction((n) => Number(document.body.dataset.updates ?? 0) >= n, atLeast, { timeout: 15_000 });
}

/** The numbers the GEX-by-strike chart actually holds (ECharts' own option state). */
function chartNetSeries(page: Page) {
  return page.evaluate(() => {
    const g = (
      window as unknown as {
        gexmap: { charts: Record<string, { getOption(): { series: { name: string; data: number[][] }[] } }> };
      }
    ).gexmap;
    return g.charts['gex-by-strike']!.getOption().series.find((s) => s.name === 'net GEX')!.data;
  });
}

describe('the dashboard in headless Chromium', () => {
  it('loads a recorded chain and draws the charts with the API’s numbers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${server.url}/?source=deribit-btc`);
    await waitForUpdates(page, 1);
    const want = await apiReport('deribit-btc/report');
    expect(Number(await page.getAttribute('[data-testid=net-gex]', 'data-value'))).toBe(want.netGex);
    expect(await page.getAttribute('[data-testid=regime]', 'data-regime')).toBe('negative');
    expect(await page.textContent('[data-testid=call-wall]')).toBe('100,000');
    const inRange = want.byStrike.filter((r) => r.strike >= want.range.lo && r.strike <= want.range.hi);
    expect(await chartNetSeries(page)).toEqual(inRange.map((r) => [r.strike, r.netGex]));
    expect(await page.locator('[data-testid=playbook] li').count()).toBe(3);
    expect(await page.getAttribute('[data-testid=playbook] li[data-rule=squeeze-risk]', 'class')).toBe('not-fired');
    for (const id of ['gex-by-strike', 'oi-by-strike', 'profile', 'hedge-flow', 'smile', 'term-structure']) {
      expect(await page.locator(`[data-testid=chart-${id}] canvas`).count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-deribit-btc.png'), fullPage: true });
    await page.close();
  });

  it('changes the charts when the expiry view changes, and keeps the view in the URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=deribit-btc`);
    await waitForUpdates(page, 1);
    const before = await chartNetSeries(page);
    await page.selectOption('[data-testid=view]', 'next');
    await waitForUpdates(page, 2);
    const want = await apiReport('deribit-btc/report?view=next');
    expect(want.byExpiry).toHaveLength(1);
    expect(Number(await page.getAttribute('[data-testid=net-gex]', 'data-value'))).toBe(want.netGex);
    const after = await chartNetSeries(page);
    expect(after).not.toEqual(before);
    expect(new URL(page.url()).searchParams.get('view')).toBe('next');
    await page.reload();
    await waitForUpdates(page, 1);
    expect(await page.inputValue('[data-testid=view]')).toBe('next');
    await page.close();
  });

  it('shows a live update pushed by the source, with its age', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=live-btc`);
    await waitForUpdates(page, 1);
    live.push({ ...btc, spot: 95_000 });
    await waitForUpdates(page, 2);
    expect(await page.textContent('[data-testid=spot]')).toBe('95,000');
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('ok');
    expect(await page.textContent('[data-testid=status]')).toBe('live');
    await page.waitForFunction(() => /ago/.test(document.querySelector('[data-testid=age]')?.textContent ?? ''));
    await page.close();
  });

  it('badges a recorded file with its asOf, never as live', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=cboe-spx`);
    await waitForUpdates(page, 1);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=status]')?.textContent?.startsWith('recorded'),
    );
    expect(await page.textContent('[data-testid=status]')).toBe('recorded 2022-12-13 01:30 UTC');
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('recorded');
    expect(await page.getAttribute('[data-testid=status]', 'class')).toBe('status recorded');
    await page.close();
  });

  it('badges a live feed whose data has fallen behind with its age, not as live', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=behind-btc`);
    await waitForUpdates(page, 1);
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.startsWith('stale'));
    expect(await page.textContent('[data-testid=status]')).toMatch(/^stale 10m( \d+s)?$/);
    expect(await page.getAttribute('[data-testid=status]', 'data-state')).toBe('stale');
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/?source=cboe-spx`);
    await waitForUpdates(page, 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-cboe-spx.png'), fullPage: true });
    await page.close();
  });
});
