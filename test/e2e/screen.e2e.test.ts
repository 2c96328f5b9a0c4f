/// <reference lib="dom" />
/**
 * The trader's screen in real headless Chromium: the page exposes what it draws (levels table rows,
 * heatmap cells, level label boxes, tooltips) and these tests hold it against the API's report.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { createApp } from '../../src/server/app.js';
import { type CandlesAnswer, candlesAnswerSchema } from '../../src/server/candles.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { DEFAULT_WEB_ROOT } from '../../src/server/webRoot.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DeribitVenueFeed } from '../../src/sources/deribit/live/venueFeed.js';
import { openStore } from '../../src/store/open.js';
import type { SnapshotStore } from '../../src/store/types.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { fastFeed, waitFor } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { newYorkQuoteTime, SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';
import { launchChromium } from './browser.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const HOUR = 3_600_000;

/** The server a user runs with `--db` over an imported history: recorded BTC and SPX, and a pushed live feed. */
let server: Listening;
/** A server without `--db`: a live Deribit source on the replay venue, and a recorded chain. */
let plain: Listening;
let dir: string;
let history: SnapshotStore;
let replay: DeribitReplay;
let deribit: LiveFeedSource;
/** the replay's perpetual prints, as its chart data serves them */
const prints: { t: number; price: number }[] = [];
let browser: Browser;
let btc: ChainSnapshot;
let live: PushSource;
/** the candle queries the pages sent, by source id */
const candleQueries: Record<string, string[]> = {};

beforeAll(async () => {
  // the 17 real SPX downloads imported as a user imports them, then served read-only as `serve --db` opens it
  dir = mkdtempSync(join(tmpdir(), 'gexmap-screen-'));
  const db = join(dir, 'spx.duckdb');
  let importErr = '';
  const code = await runCli(['import', '--db', db, '--cboe', SPX_HISTORY_DIR], {
    stdout: () => {},
    stderr: (t) => (importErr += t),
    color: false,
  });
  if (code !== 0) throw new Error(`gexmap import failed: ${importErr}`);
  history = await openStore({ db }, { readOnly: true, lock: 'per-operation' });

  btc = await readDeribitDir(DERIBIT_BTC_DIR);
  const spx = await readCboeFile(CBOE_SPX_FILE);
  live = new PushSource('live-btc', 'BTC (live test feed)');
  live.push(btc);
  const app = createApp({
    sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc), new StaticSource('cboe-spx', 'CBOE SPX', spx), live],
    webRoot: DEFAULT_WEB_ROOT,
    history,
  });
  server = await listen(app, { port: 0 });

  // six hours of the replay's index moving every minute, charted by its perpetual
  replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
  const market = replay.markets[0]!;
  prints.push({ t: market.clock, price: market.index });
  for (let i = 0; i < 360; i++) {
    const [tick] = replay.tick({ advanceMs: 60_000, trades: 0 });
    prints.push({ t: tick!.timestamp, price: tick!.index });
  }
  deribit = new LiveFeedSource(new DeribitVenueFeed({ feed: fastFeed(replay), retryMs: { first: 5, max: 20 } }));
  await waitFor(() => deribit.status().state === 'ok', 'the live Deribit source', 15_000);
  plain = await listen(
    createApp({
      sources: [deribit, new StaticSource('recorded-btc', 'Deribit BTC (recorded)', btc)],
      webRoot: DEFAULT_WEB_ROOT,
      // the venue's chart data ends at the replay's clock, not the wall clock
      now: () => market.clock,
    }),
    { port: 0 },
  );
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await plain?.close();
  await deribit?.close();
  await replay?.close();
  await history?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function apiReport(query: string): Promise<FullReport> {
  return (await (await fetch(`${server.url}/api/sources/${query}`)).json()) as FullReport;
}

async function candlesOf(base: Listening, id: string): Promise<CandlesAnswer> {
  const res = await fetch(`${base.url}/api/sources/${id}/candles?resolution=60&count=200`);
  expect(res.status).toBe(200);
  return candlesAnswerSchema.parse(await res.json());
}

async function open(path: string, width: number, on: Listening = server): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  page.on('request', (req) => {
    const url = new URL(req.url());
    const id = /^\/api\/sources\/([^/]+)\/candles$/.exec(url.pathname)?.[1];
    if (id !== undefined) candleQueries[id] = [...(candleQueries[id] ?? []), url.search];
  });
  await page.goto(`${on.url}${path}`);
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

  it('draws the stored snapshots’ spots as candles with the map’s levels as lines and the stored flip and walls as steps (--db)', async () => {
    const page = await open('/?source=cboe-spx', 1600);
    await page.waitForFunction(() => document.body.dataset.prices === 'candles');
    expect(candleQueries['cboe-spx']?.[0]).toBe('?resolution=60&count=200');
    // the step lines come once the page has the stored history
    await page.waitForFunction(() =>
      (
        window as unknown as { gexmap: { charts: Record<string, { getOption(): { series: { name: string }[] } }> } }
      ).gexmap.charts.price
        ?.getOption()
        .series.some((s) => s.name === 'flip (history)'),
    );
    const route = await candlesOf(server, 'cboe-spx');
    expect(route.from).toBe('snapshots');
    // the route's bars: the stored spots grouped by the hour they were taken in (one download an hour here)
    const stored = await history.listSnapshots({ venue: 'cboe', underlying: 'SPX' });
    expect(stored.map((s) => [s.asOf, s.spot]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
      SPX_HISTORY_FILES.map((f) => [newYorkQuoteTime(f.quoteTime), f.spot]).sort(
        (a, b) => (a[0] as number) - (b[0] as number),
      ),
    );
    const byHour = new Map<number, number[]>();
    for (const s of [...stored].sort((a, b) => a.asOf - b.asOf)) {
      const t = Math.floor(s.asOf / HOUR) * HOUR;
      byHour.set(t, [...(byHour.get(t) ?? []), s.spot]);
    }
    const want = [...byHour].map(([t, v]) => ({
      t: new Date(t).toISOString(),
      open: v[0],
      high: Math.max(...v),
      low: Math.min(...v),
      close: v[v.length - 1],
    }));
    expect(want).toHaveLength(17);
    expect(route.candles).toEqual(want);

    const report = await apiReport('cboe-spx/report');
    const drawn = await page.evaluate(() => {
      const g = (
        window as unknown as {
          gexmap: {
            charts: Record<
              string,
              {
                getOption(): {
                  series: {
                    name: string;
                    type: string;
                    data: (number | null)[][];
                    markLine?: { data: { yAxis: number }[] };
                  }[];
                };
              }
            >;
          };
        }
      ).gexmap;
      const series = g.charts.price?.getOption().series ?? [];
      const candles = series.find((s) => s.type === 'candlestick');
      return {
        bars: candles?.data,
        lines: candles?.markLine?.data.map((d) => d.yAxis),
        steps: Object.fromEntries(series.filter((s) => s.type === 'line').map((s) => [s.name, s.data])),
      };
    });
    // each drawn bar is the route's, as [time, open, close, low, high]
    expect(drawn.bars).toEqual(route.candles.map((c) => [Date.parse(c.t), c.open, c.close, c.low, c.high]));
    const levels = [
      ...report.gammaFlips,
      report.callWall,
      report.putWall,
      report.absGammaStrike,
      report.maxPain[0]?.strike,
    ];
    expect(drawn.lines).toEqual(levels);
    const labels = await page.$$eval('#chart-price .level-label', (els) => els.map((e) => e.textContent));
    expect(labels).toEqual(
      expect.arrayContaining([expect.stringMatching(/^flip /), expect.stringMatching(/^call wall /)]),
    );
    // the flip and walls of every stored SPX summary, stepping at its time
    const summaries = await history.readSummaries({ venue: 'cboe', underlying: 'SPX' });
    expect(summaries).toHaveLength(17);
    expect(drawn.steps).toEqual({
      'flip (history)': summaries.map((p) => [p.asOf, p.nearestFlip]),
      'call wall (history)': summaries.map((p) => [p.asOf, p.callWall]),
      'put wall (history)': summaries.map((p) => [p.asOf, p.putWall]),
    });
    expect(await page.textContent('#chart-price')).not.toContain('no price data');
    await page.close();
  });

  it('draws a live Deribit source’s candles from the venue’s chart data', async () => {
    const page = await open('/?source=deribit-btc', 1600, plain);
    await page.waitForFunction(() => document.body.dataset.prices === 'candles');
    expect(candleQueries['deribit-btc']).toContain('?resolution=60&count=200');
    const route = await candlesOf(plain, 'deribit-btc');
    expect(route.from).toBe('venue');
    // the replay's index path in hourly bars aligned on UTC: first, highest, lowest and last print
    const byHour = new Map<number, number[]>();
    for (const p of prints) {
      const t = Math.floor(p.t / HOUR) * HOUR;
      byHour.set(t, [...(byHour.get(t) ?? []), p.price]);
    }
    expect(route.candles).toEqual(
      [...byHour].map(([t, v]) => ({
        t: new Date(t).toISOString(),
        open: v[0],
        high: Math.max(...v),
        low: Math.min(...v),
        close: v[v.length - 1],
      })),
    );
    expect(route.candles.length).toBeGreaterThanOrEqual(6);
    const drawn = await page.evaluate(() => {
      const g = (
        window as unknown as {
          gexmap: {
            charts: Record<
              string,
              { getOption(): { title: { text: string }[]; series: { type: string; data: number[][] }[] } }
            >;
          };
        }
      ).gexmap;
      const option = g.charts.price?.getOption();
      return {
        title: option?.title[0]?.text,
        bars: option?.series.find((s) => s.type === 'candlestick')?.data,
      };
    });
    expect(drawn.bars).toEqual(route.candles.map((c) => [Date.parse(c.t), c.open, c.close, c.low, c.high]));
    expect(drawn.title).toMatch(/^BTC hourly candles \(venue\)/);
    await page.close();
  });

  it('says "no price data for this source" for a recorded source on a server without --db', async () => {
    const res = await fetch(`${plain.url}/api/sources/recorded-btc/candles`);
    expect(res.status).toBe(404);
    const page = await open('/?source=recorded-btc', 1600, plain);
    await page.waitForFunction(() => document.body.dataset.prices === 'missing');
    expect(await page.textContent('#chart-price .chart-note')).toBe('no price data for this source');
    await page.close();
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
