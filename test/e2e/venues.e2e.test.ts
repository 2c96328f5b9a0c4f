/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateChains } from '../../src/chain/aggregate.js';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { okxPayloads } from '../support/venueReplay/okx.js';
import { launchChromium } from './browser.js';

let server: Listening;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('dashboard not built: run npm run build:web');
  const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
  const okx = parseOkxChain({ ...okxPayloads({ ctVal: '0.01', ctMult: '1', oiShare: () => 0.4 }), source: 'okx' });
  const app = createApp({
    sources: [
      new StaticSource('all-btc', 'BTC all venues', aggregateChains([deribit, okx])),
      new StaticSource('deribit-btc', 'Deribit BTC', deribit),
    ],
    webRoot: DEFAULT_WEB_ROOT,
  });
  server = await listen(app, { port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the dashboard on an aggregated map', () => {
  it('shows one row and one stacked series per venue, and neither for a single venue', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=all-btc`);
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 1, undefined, { timeout: 15_000 });
    expect(await page.isVisible('[data-testid=venues]')).toBe(true);
    const venues = await page.$$eval('#venues-table tr[data-venue]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.venue),
    );
    expect(venues).toEqual(['deribit', 'okx']);
    expect(await page.isVisible('[data-testid=chart-gex-by-venue] canvas')).toBe(true);
    const series = await page.evaluate(() => {
      const chart = (window as unknown as { gexmap: { charts: Record<string, { getOption(): unknown }> } }).gexmap
        .charts['gex-by-venue']!;
      return (chart.getOption() as { series: { name: string }[] }).series.map((s) => s.name);
    });
    expect(series).toEqual(['deribit', 'okx']);
    await page.goto(`${server.url}/?source=deribit-btc`);
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 1, undefined, { timeout: 15_000 });
    expect(await page.isVisible('[data-testid=venues]')).toBe(false);
    expect(await page.isVisible('[data-testid=chart-gex-by-venue]')).toBe(false);
    await page.close();
  });
});
