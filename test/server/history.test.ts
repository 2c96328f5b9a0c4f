import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { renderPanelSvg } from '../../src/report/charts/exportCharts.js';
import { historyChartOption } from '../../src/report/charts/history.js';
import { createApp } from '../../src/server/app.js';
import { coreReportBuilder } from '../../src/server/reportCache.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { testSnapshot } from '../store/contract.js';

const T0 = Date.UTC(2025, 10, 19, 0);
const HOUR = 3_600_000;
let store: DuckDbStore;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  for (let h = 0; h < 5; h++) await store.writeSnapshot(recordOf(testSnapshot(T0 + h * HOUR, h + 1)));
  await store.writeSnapshot(recordOf(testSnapshot(T0, 9, { underlying: 'ETH' })));
});
afterAll(() => store.close());

describe('GET /api/history', () => {
  const app = () => createApp({ sources: [], history: store, checkAnswers: true });

  it('answers the summaries over time, oldest first, filtered by underlying and time range', async () => {
    const res = await app().request(
      `/api/history?venue=deribit&underlying=btc&from=${new Date(T0 + HOUR).toISOString()}&to=${T0 + 4 * HOUR}`,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.count).toBe(3);
    expect(body.points.map((p: { time: string }) => p.time)).toEqual(
      [1, 2, 3].map((h) => new Date(T0 + h * HOUR).toISOString()),
    );
    const want = recordOf(testSnapshot(T0 + HOUR, 2)).summary;
    expect(body.points[0]).toMatchObject({
      underlying: 'BTC',
      spot: want.spot,
      netGex: want.netGex,
      regime: want.regime,
      callWall: want.callWall,
    });
  });

  it('lists the stored snapshots and names a bad time in a 400', async () => {
    const list = await (await app().request('/api/history/snapshots?underlying=ETH')).json();
    expect(list).toEqual([
      { venue: 'deribit', underlying: 'ETH', asOf: T0, spot: 109, source: 'test seed 9', options: 4 },
    ]);
    const bad = await app().request('/api/history?from=yesterday');
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].field).toBe('from');
  });

  it.each([
    ['/api/history?from=1e20', 'from'],
    ['/api/history?to=0x10', 'to'],
    ['/api/history/snapshots?from=99999999999999999', 'from'],
    ['/api/history/report?at=-1', 'at'],
    ['/api/history/report?range=1e-320', 'range'],
    ['/api/history?form=2025-11-19', 'form'],
    ['/api/history/report?underlying=BTC&rnage=10', 'rnage'],
  ])('refuses %s with a 400 naming %s and the bounds, as the CLI flag does', async (path, field) => {
    const res = await app().request(path);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues[0].field).toBe(field);
    const why = { range: /is outside 0\.1 … 99/, form: /not a field/, rnage: /not a field/ }[field];
    expect(body.error).toMatch(why ?? /must be a time from 1990 to 2100/);
  });

  it('does not exist when the server has no history store', async () => {
    expect((await createApp({ sources: [] }).request('/api/history')).status).toBe(404);
  });

  it('draws spot, nearest flip, walls and net GEX over time as a chart', async () => {
    const points = await store.readSummaries({ underlying: 'BTC' });
    const option = historyChartOption(points, 'History · deribit BTC');
    const names = (option.series as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(['net GEX', 'spot', 'nearest flip', 'call wall', 'put wall']);
    const svg = renderPanelSvg(option, 800, 320);
    expect(svg).toContain('History · deribit BTC');
    expect(svg).toContain('nearest flip');
  });

  it('labels its axes as a trader reads them: prices with thousands separators, net GEX in bn/M', () => {
    const option = historyChartOption([], 'History');
    const [price, gex] = option.yAxis as { axisLabel: { formatter: (v: number) => string } }[];
    expect(price?.axisLabel.formatter(91630.5)).toBe('91,631');
    expect(gex?.axisLabel.formatter(40_000_000_000)).toBe('40.00bn');
    expect(gex?.axisLabel.formatter(-144_160_000)).toBe('-144.2M');
  });
});

describe('GET /api/history/report', () => {
  const app = () => createApp({ sources: [], history: store, checkAnswers: true });

  it('answers the full report of the snapshot stored at or before `at`, as a live source report of it', async () => {
    const res = await app().request(
      `/api/history/report?venue=deribit&underlying=BTC&at=${new Date(T0 + 2 * HOUR + 1800_000).toISOString()}&view=all&positioning=customer-long&range=15`,
    );
    expect(res.status).toBe(200);
    const want = coreReportBuilder(testSnapshot(T0 + 2 * HOUR, 3), {
      view: 'all',
      positioning: 'customer-long',
      range: 15,
    });
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(want)));
    const latest = await (await app().request('/api/history/report?underlying=btc')).json();
    expect(latest.asOf).toBe(new Date(T0 + 4 * HOUR).toISOString());
  });

  it('answers 404 before the first snapshot, 400 when the store holds several chains and for a bad query', async () => {
    const early = await app().request(`/api/history/report?underlying=BTC&at=${T0 - 1}`);
    expect(early.status).toBe(404);
    expect((await early.json()).error).toContain('no stored snapshot of BTC at or before');
    const both = await app().request('/api/history/report');
    expect(both.status).toBe(400);
    expect((await both.json()).error).toContain('several chains (deribit BTC, deribit ETH)');
    const bad = await app().request('/api/history/report?underlying=BTC&positioning=sideways');
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].field).toBe('positioning');
  });
});
