/// <reference lib="dom" />
/**
 * The trader's screen in real headless Chromium: the page exposes what it draws (levels table rows,
 * heatmap cells, level label boxes, tooltips) and these tests hold it against the API's report.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DATA_DIR, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { launchChromium } from './browser.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const SPX_OHLC = resolve(DATA_DIR, 'cboe-spx-history/spx_daily_ohlc.csv');

let server: Listening;
let browser: Browser;
let btc: ChainSnapshot;
let live: PushSource;
/** the candle queries the page sent, by source id */
const candleQueries: Record<string, string[]> = {};

/**
 * The candles contract (GET /api/sources/{id}/candles) answered from the real SPX daily bars up to
 * the recorded chain's session, 200 of them; for the BTC source a 404 (a source without prices).
 */
function spxCandles() {
  const rows = readFileSync(SPX_OHLC, 'utf8').trim().split('\n').slice(1);
  const bars = rows
    .map((line) => line.split(','))
    .filter(([date]) => (date ?? '') <= '2022-12-12')
    .slice(-200)
    .map(([date, o, h, l, c]) => ({
      t: `${date}T14:30:00.000Z`,
      open: Number(o),
      high: Number(h),
      low: Number(l),
      close: Number(c),
    }));
  return {
    source: 'cboe-spx',
    resolution: 1440,
    from: 'venue',
    candles: bars,
    conventions: { t: 'session open, UTC' },
  };
}

beforeAll(async () => {
  btc = await readDeribitDir(DERIBIT_BTC_DIR);
  const spx = await readCboeFile(CBOE_SPX_FILE);
  live = new PushSource('live-btc', 'BTC (live test feed)');
  live.push(btc);
  const app = createApp({
    sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc), new StaticSource('cboe-spx', 'CBOE SPX', spx), live],
    webRoot: DEFAULT_WEB_ROOT,
  });
  const outer = new Hono();
  outer.get('/api/sources/:id/candles', (c) => {
    const id = c.req.param('id');
    candleQueries[id] = [...(candleQueries[id] ?? []), new URL(c.req.url).search];
    return id === 'cboe-spx' ? c.json(spxCandles()) : c.json({ error: `no price data for ${id}` }, 404);
  });
  outer.all('*', (c) => app.fetch(c.req.raw));
  server = await listen(outer, { port: 0 });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function apiReport(query: string): Promise<FullReport> {
  return (await (await fetch(`${server.url}/api/sources/${query}`)).json()) as FullReport;
}

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 1, null, { timeout: 15_000 });
  return page;
}

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Every level label drawn, by chart, as the browser laid it out. */
function labelBoxes(page: Page): Promise<Record<string, Box[]>> {
  return page.evaluate(() => {
    const out: Record<string, Box[]> = {};
    for (const chart of Array.from(document.querySelectorAll<HTMLElement>('.panel-box'))) {
      out[chart.id] = Array.from(chart.querySelectorAll<HTMLElement>('.level-label')).map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
    }
    return out;
  });
}

function overlapping(boxes: Record<string, Box[]>): string[] {
  const found: string[] = [];
  for (const [chart, list] of Object.entries(boxes))
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as Box;
        const b = list[j] as Box;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          found.push(`${chart}: ${a.text} / ${b.text}`);
      }
  return found;
}

/** Shows the tooltip of a chart at one data point and returns its text. */
async function tooltipText(page: Page, chart: string, seriesIndex: number, dataIndex: number): Promise<string> {
  await page.evaluate(
    ([id, s, d]) => {
      const g = (window as unknown as { gexmap: { charts: Record<string, { dispatchAction(a: object): void }> } })
        .gexmap;
      g.charts[id as string]?.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: d });
    },
    [chart, seriesIndex, dataIndex] as const,
  );
  // ECharts' tooltip box: the absolutely placed div beside the canvas layer, filled on the next frame
  const tip = page.locator(`#chart-${chart} .canvas-box > div[style*="z-index"]`);
  await tip.waitFor({ state: 'visible', timeout: 5_000 });
  return tip.innerText();
}

/** Significant digits of a number as written (grouping commas dropped, leading and an integer's trailing zeros not counted). */
function significantDigits(token: string): number {
  const plain = token.replace(/,/g, '');
  const digits = plain.includes('.')
    ? plain.replace('.', '').replace(/^0+/, '')
    : plain.replace(/^0+/, '').replace(/0+$/, '');
  return digits.length;
}

describe('the trader’s screen in headless Chromium', () => {
  it('lists the report’s key levels around spot, with distance in % and points', async () => {
    for (const source of ['deribit-btc', 'cboe-spx']) {
      const page = await open(`/?source=${source}`, 1600);
      const want = await apiReport(`${source}/report`);
      const rows = await page.$$eval('[data-testid=levels-table] tr[data-kind]', (trs) =>
        trs.map((tr) => ({
          kind: (tr as HTMLElement).dataset.kind,
          price: Number((tr as HTMLElement).dataset.price),
          cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''),
        })),
      );
      const levels = rows.filter((r) => r.kind !== 'spot');
      expect(levels.map((r) => [r.kind, r.price])).toEqual(want.keyLevels.map((l) => [l.kind, l.price]));
      // spot sits between the levels below and above it
      const spotAt = rows.findIndex((r) => r.kind === 'spot');
      expect(rows[spotAt]?.price).toBe(want.spot);
      expect(rows.slice(0, spotAt).every((r) => r.price <= want.spot)).toBe(true);
      expect(rows.slice(spotAt + 1).every((r) => r.price > want.spot)).toBe(true);
      // each row's distance: the report's percentage, and price − spot in points, both rounded for reading
      for (const [i, level] of want.keyLevels.entries()) {
        const cells = levels[i]?.cells ?? [];
        expect(cells[1]).toBe(level.label);
        const pct = Number((cells[3] ?? '').replace('−', '-').replace(/[ %+]/g, ''));
        expect(pct).toBeCloseTo(level.distancePct, 2);
        const pts = Number((cells[4] ?? '').replace('−', '-').replace(/[,+]/g, ''));
        expect(Math.abs(pts - (level.price - want.spot))).toBeLessThanOrEqual(0.5);
      }
      expect(await page.getAttribute('[data-testid=regime]', 'data-regime')).toBe(want.regime);
      await page.close();
    }
  });

  it('draws a heatmap whose cells sum to net GEX, with spot marked', async () => {
    for (const query of ['', '&view=next']) {
      const page = await open(`/?source=cboe-spx${query}`, 1600);
      const want = await apiReport(`cboe-spx/report?${query.slice(1)}`);
      const cells = await page.evaluate(() => {
        const g = (
          window as unknown as {
            gexmap: { charts: Record<string, { getOption(): { series: { data: [number, number, number][] }[] } }> };
          }
        ).gexmap;
        return g.charts.heatmap?.getOption().series[0]?.data ?? [];
      });
      const sum = cells.reduce((s, c) => s + c[2], 0);
      expect(sum).toBeCloseTo(want.netGex, -2);
      expect(Math.abs(sum - want.netGex)).toBeLessThanOrEqual(1e-6 * Math.abs(want.netGex));
      // one row per expiry in view
      expect(new Set(cells.map((c) => c[1])).size).toBe(want.byStrikeExpiry.expiries.length);
      const spot = await page.textContent('#chart-heatmap .level-label');
      expect(spot).toBe('spot 3,990.6');
      await page.close();
    }
  });

  it('never lets two level labels overlap, at 1600 and at 400 px', async () => {
    for (const width of [1600, 400]) {
      for (const source of ['deribit-btc', 'cboe-spx']) {
        const page = await open(`/?source=${source}`, width);
        const boxes = await labelBoxes(page);
        const strike = boxes['chart-gex-by-strike'] ?? [];
        // spot, the flip(s) and the walls are all labelled on the GEX chart
        expect(strike.map((b) => b.text.split(' ')[0])).toEqual(
          expect.arrayContaining(['spot', 'flip', 'call', 'put']),
        );
        expect(overlapping(boxes)).toEqual([]);
        await page.close();
      }
    }
  });

  it('writes every tooltip with its units and at most 6 significant digits', async () => {
    const page = await open('/?source=deribit-btc', 1600);
    const texts: string[] = [];
    for (const [chart, series, index] of [
      ['gex-by-strike', 2, 10],
      ['oi-by-strike', 0, 10],
      ['profile', 0, 50],
      ['dex-by-strike', 2, 10],
      ['vanna-by-strike', 0, 10],
      ['charm-by-strike', 0, 10],
      ['hedge-flow', 0, 20],
      ['by-expiry', 0, 0],
      ['heatmap', 0, 5],
      ['smile', 0, 5],
    ] as const) {
      const text = await tooltipText(page, chart, series, index);
      expect(text, chart).not.toBe('');
      texts.push(text);
    }
    const tokens = texts.join('\n').match(/\d[\d,]*(\.\d+)?/g) ?? [];
    const long = tokens.filter((t) => significantDigits(t) >= 7);
    expect(long).toEqual([]);
    // the GEX tooltip names its unit
    expect(texts[0]).toMatch(/USD/);
    expect(texts[0]).toMatch(/^strike /);
    await page.close();
  });

  it('gives every series one colour, so its legend swatch matches what it draws', async () => {
    const page = await open('/?source=deribit-btc', 1600);
    const mismatched = await page.evaluate(() => {
      type Series = {
        name?: string;
        type: string;
        color?: string;
        itemStyle?: { color?: string };
        lineStyle?: { color?: string };
      };
      const g = (window as unknown as { gexmap: { charts: Record<string, { getOption(): { series: Series[] } }> } })
        .gexmap;
      const out: string[] = [];
      for (const [id, chart] of Object.entries(g.charts))
        for (const s of chart.getOption().series) {
          // the heatmap's colour is its value; a candle's is its direction
          if (s.type === 'heatmap' || s.type === 'candlestick') continue;
          const drawn = [s.itemStyle?.color, s.lineStyle?.color].filter((c) => c !== undefined);
          if (typeof s.color !== 'string' || drawn.some((c) => c !== s.color)) out.push(`${id}: ${s.name}`);
        }
      return out;
    });
    expect(mismatched).toEqual([]);
    await page.close();
  });

  it('opens the strike axis on the GEX mass of the view and clips the smile to its robust range', async () => {
    const page = await open('/?source=cboe-spx&view=next', 1600);
    const want = await apiReport('cboe-spx/report?view=next');
    const zoom = await page.evaluate(() => {
      const g = (
        window as unknown as {
          gexmap: {
            charts: Record<string, { getOption(): { dataZoom: { startValue: number; endValue: number }[] } }>;
          };
        }
      ).gexmap;
      const z = g.charts['gex-by-strike']?.getOption().dataZoom[0];
      return [z?.startValue ?? 0, z?.endValue ?? 0];
    });
    const [lo, hi] = zoom as [number, number];
    const rows = want.byStrike.filter((r) => r.strike >= want.range.lo && r.strike <= want.range.hi);
    const gross = (rs: typeof rows) => rs.reduce((s, r) => s + Math.abs(r.callGex) + Math.abs(r.putGex), 0);
    const inside = rows.filter((r) => r.strike >= lo && r.strike <= hi);
    expect(gross(inside)).toBeGreaterThanOrEqual(0.98 * gross(rows));
    // the next expiry's gamma sits near spot: the window is well inside the ±20 % range
    expect(hi - lo).toBeLessThan(0.4 * (want.range.hi - want.range.lo));
    expect(lo).toBeLessThanOrEqual(want.spot);
    expect(hi).toBeGreaterThanOrEqual(want.spot);
    await page.close();

    const all = await open('/?source=cboe-spx', 1600);
    const report = await apiReport('cboe-spx/report');
    const yMax = await all.evaluate(() => {
      const g = (
        window as unknown as { gexmap: { charts: Record<string, { getOption(): { yAxis: { max: number }[] } }> } }
      ).gexmap;
      return g.charts.smile?.getOption().yAxis[0]?.max ?? Number.NaN;
    });
    const ivs = report.skew.expiries
      .filter((e) => e.smile.length > 1)
      .slice(0, 4)
      .flatMap((e) => e.smile.map((p) => p.iv))
      .sort((a, b) => a - b);
    // the axis ends near the 98th percentile, far below the wings' maximum
    expect(yMax).toBeLessThan(ivs[ivs.length - 1] as number);
    expect(yMax).toBeGreaterThanOrEqual(ivs[Math.floor(0.98 * (ivs.length - 1))] as number);
    await all.close();
  });

  it('draws candles with the map’s levels as labelled lines, and says so when a source has no prices', async () => {
    const page = await open('/?source=cboe-spx', 1600);
    await page.waitForFunction(() => document.body.dataset.prices === 'candles');
    expect(candleQueries['cboe-spx']?.[0]).toBe('?resolution=60&count=200');
    const want = await apiReport('cboe-spx/report');
    const drawn = await page.evaluate(() => {
      const g = (
        window as unknown as {
          gexmap: {
            charts: Record<
              string,
              {
                getOption(): { series: { type: string; data: number[][]; markLine?: { data: { yAxis: number }[] } }[] };
              }
            >;
          };
        }
      ).gexmap;
      const candles = g.charts.price?.getOption().series.find((s) => s.type === 'candlestick');
      return {
        bars: candles?.data.length ?? 0,
        last: candles?.data.at(-1),
        lines: candles?.markLine?.data.map((d) => d.yAxis),
      };
    });
    expect(drawn.bars).toBe(200);
    // the last bar, 2022-12-12, as [time, open, close, low, high]
    const last = spxCandles().candles.at(-1);
    expect(last?.t).toBe('2022-12-12T14:30:00.000Z');
    expect(drawn.last).toEqual(last && [Date.parse(last.t), last.open, last.close, last.low, last.high]);
    const levels = [...want.gammaFlips, want.callWall, want.putWall, want.absGammaStrike, want.maxPain[0]?.strike];
    expect(drawn.lines).toEqual(levels);
    const labels = await page.$$eval('#chart-price .level-label', (els) => els.map((e) => e.textContent));
    expect(labels).toEqual(
      expect.arrayContaining([expect.stringMatching(/^flip /), expect.stringMatching(/^call wall /)]),
    );
    await page.close();

    const none = await open('/?source=deribit-btc', 1600);
    await none.waitForFunction(() => document.body.dataset.prices === 'missing');
    expect(await none.textContent('#chart-price .chart-note')).toBe('no price data for this source');
    await none.close();
  });

  it('says what changed since the last update of a live source', async () => {
    const page = await open('/?source=live-btc', 1600);
    expect(await page.textContent('[data-testid=changes-note]')).toMatch(/^first report/);
    const before = await apiReport('live-btc/report');
    live.push({ ...btc, spot: 95_000 });
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 2, null, { timeout: 15_000 });
    const after = await apiReport('live-btc/report');
    const changes = await page.$$eval('#changes li', (lis) => lis.map((li) => li.textContent));
    // the flip of the earlier report and of this one, as the API gives them
    expect(before.gammaFlips).not.toEqual(after.gammaFlips);
    expect(changes.length).toBeGreaterThan(0);
    for (const wall of ['callWall', 'putWall'] as const)
      if (before[wall] !== after[wall])
        expect(changes.some((c) => c?.startsWith(wall === 'callWall' ? 'call wall moved' : 'put wall moved'))).toBe(
          true,
        );
    await page.close();
  });

  it('offers the four positioning models, the ones the server cannot compute disabled', async () => {
    const page = await open('/?source=deribit-btc', 1600);
    const options = await page.$$eval('[data-testid=positioning] option', (os) =>
      os.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).disabled]),
    );
    expect(options).toEqual([
      ['classic', false],
      ['customer-long', false],
      ['positions', true],
      ['flow', true],
    ]);
    await page.selectOption('[data-testid=positioning]', 'customer-long');
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) >= 2, null, { timeout: 15_000 });
    const want = await apiReport('deribit-btc/report?positioning=customer-long');
    expect(Number(await page.getAttribute('[data-testid=net-gex]', 'data-value'))).toBe(want.netGex);
    await page.close();
  });

  it('fits 400 px without sideways scrolling, and saves screenshots at 1600 and 400 px', async () => {
    for (const source of ['cboe-spx', 'deribit-btc']) {
      for (const width of [1600, 400]) {
        const page = await open(`/?source=${source}`, width);
        if (source === 'cboe-spx') await page.waitForFunction(() => document.body.dataset.prices === 'candles');
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(scroll, `${source} at ${width} px`).toBeLessThanOrEqual(client);
        await page.screenshot({ path: join(ARTIFACTS, `screen-${source}-${width}.png`), fullPage: true });
        await page.close();
      }
    }
  });
});
