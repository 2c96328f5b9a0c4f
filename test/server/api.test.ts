import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { coreReportBuilder, type ReportBuilder, ReportCache } from '../../src/server/reportCache.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

// biome-ignore lint/suspicious/noExplicitAny: the JSON under test is checked field by field
const readJson = (res: Response): Promise<any> => res.json();

let btc: ChainSnapshot;
let spx: ChainSnapshot;
let webRoot: string;

beforeAll(async () => {
  [btc, spx] = await Promise.all([readDeribitDir(DERIBIT_BTC_DIR), readCboeFile(CBOE_SPX_FILE)]);
  // A dashboard folder with a secret file beside it: nothing outside the folder may ever be served.
  const base = mkdtempSync(join(tmpdir(), 'gexmap-web-'));
  webRoot = join(base, 'web');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
});

function app(now = () => 1_000_000) {
  const down = new PushSource('deribit-eth', 'Deribit ETH (live)', now);
  return {
    down,
    app: createApp({
      sources: [
        new StaticSource('deribit-btc', 'Deribit BTC', btc, now),
        new StaticSource('cboe-spx', 'CBOE SPX', spx, now),
        down,
      ],
      webRoot,
      now,
    }),
  };
}

describe('GET /api/sources/:id/report', () => {
  it('serves the same report as the library for the given view, positioning and range', async () => {
    const res = await app().app.request('/api/sources/deribit-btc/report?view=next&positioning=customer-long&range=10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await readJson(res);
    const want = buildGexReport(btc, { view: { kind: 'next' }, positioning: { model: 'customer-long' }, range: 0.1 });
    expect(body.netGex).toBe(want.netGex);
    expect(body.gammaFlips).toEqual(want.gammaFlips);
    expect(body.byExpiry).toHaveLength(1);
    expect(body.positioning).toBe('customer-long');
  });

  it('carries the mechanics and the playbook, fed by the spotChange field', async () => {
    const body = await readJson(await app().app.request('/api/sources/deribit-btc/report?spotChange=3'));
    expect(body.hedgeFlow.flowUsd).toHaveLength(body.hedgeFlow.spots.length);
    expect(body.skew.expiries.length).toBe(11);
    const squeeze = body.playbook.rules.find((r: { rule: string }) => r.rule === 'squeeze-risk');
    expect(squeeze.inputs.spotChangePct).toBe(3);
    const without = await readJson(await app().app.request('/api/sources/deribit-btc/report'));
    expect(
      without.playbook.rules.find((r: { rule: string }) => r.rule === 'squeeze-risk').inputs.spotChangePct,
    ).toBeNull();
  });

  it('defaults to all expiries, classic, ±20 %', async () => {
    const body = await readJson(await app().app.request('/api/sources/cboe-spx/report'));
    expect(body.netGex).toBe(buildGexReport(spx).netGex);
    expect(body.range.lo).toBeCloseTo(spx.spot * 0.8, 9);
  });

  it.each([
    ['view=soon', 'view'],
    ['range=abc', 'range'],
    ['range=0', 'range'],
    ['range=0x10', 'range'],
    ['range=Infinity', 'range'],
    ['range=', 'range'],
    ['range=1e-320', 'range'],
    ['range=100', 'range'],
    ['spotChange=1e400', 'spotChange'],
    ['spotChange=0x1', 'spotChange'],
    ['view=0d', 'view'],
    ['view=99999d', 'view'],
    ['rnage=10', 'rnage'],
    ['spot_change=3', 'spot_change'],
    ['positioning=dealer-long', 'positioning'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await app().app.request(`/api/sources/deribit-btc/report?${query}`);
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.issues[0].field).toBe(field);
    expect(body.error).toContain(field);
  });

  it('reads range=20% as range=20, and states the bounds when refusing', async () => {
    const a = app().app;
    const pct = await (await a.request('/api/sources/cboe-spx/report?range=20%25')).text();
    expect(pct).toBe(await (await a.request('/api/sources/cboe-spx/report?range=20')).text());
    const body = await readJson(await a.request('/api/sources/cboe-spx/report?range=1e-320'));
    expect(body.error).toBe('bad request: range 1e-320 is outside 0.1 … 99 (percent of spot)');
  });

  it('builds the SPX report once for a flood of near-equal ranges, and keeps the cache bounded', async () => {
    let builds = 0;
    const counting: ReportBuilder = (snapshot, query) => {
      builds++;
      return coreReportBuilder(snapshot, query);
    };
    const cache = new ReportCache(counting, 4);
    const a = createApp({ sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx, () => 0)], cache });
    const ranges = ['20', '20.000000001', '19.9999999', '20%25', '2e1', '20.001', '%2020', '20.0000'];
    for (const r of ranges) expect((await a.request(`/api/sources/cboe-spx/report?range=${r}`)).status).toBe(200);
    expect(builds).toBe(1);
    for (let i = 1; i <= 10; i++) await a.request(`/api/sources/cboe-spx/report?range=${i}`);
    expect(builds).toBe(11);
    expect(cache.size).toBe(4);
  });

  it('answers 404 for an unknown source, listing the known ones', async () => {
    const res = await app().app.request('/api/sources/kraken-btc/report');
    expect(res.status).toBe(404);
    expect((await readJson(res)).sources).toEqual(['deribit-btc', 'cboe-spx', 'deribit-eth']);
  });

  it('answers 503 with the reason and the age of the last good data when a source is down', async () => {
    let t = 1_000_000;
    const { app: a, down } = app(() => t);
    let res = await a.request('/api/sources/deribit-eth/report');
    expect(res.status).toBe(503);
    expect(await readJson(res)).toMatchObject({ reason: 'no data received yet', lastGoodAgeSeconds: null });
    down.push(btc);
    expect((await a.request('/api/sources/deribit-eth/report')).status).toBe(200);
    t += 42_000;
    down.fail('down', 'websocket closed: 1006');
    res = await a.request('/api/sources/deribit-eth/report');
    expect(res.status).toBe(503);
    expect(await readJson(res)).toMatchObject({ reason: 'websocket closed: 1006', lastGoodAgeSeconds: 42 });
  });

  it('answers from the cache when nothing changed (same object serialised once)', async () => {
    const { app: a } = app();
    const first = await (await a.request('/api/sources/cboe-spx/report?view=next')).text();
    const second = await (await a.request('/api/sources/cboe-spx/report?view=next')).text();
    expect(second).toBe(first);
  });
});

describe('the rest of the API', () => {
  it('lists sources with state and data age', async () => {
    const body = await readJson(await app().app.request('/api/sources'));
    expect(body.map((s: { id: string }) => s.id)).toEqual(['deribit-btc', 'cboe-spx', 'deribit-eth']);
    expect(body[0]).toMatchObject({ state: 'ok', asOf: '2025-11-19T11:20:36.882Z' });
    expect(body[2]).toMatchObject({ state: 'down', asOf: null });
  });

  it('describes itself in OpenAPI 3.1, with the validated query parameters', async () => {
    const doc = await readJson(await app().app.request('/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const params = doc.paths['/api/sources/{id}/report'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['id', 'view', 'positioning', 'range']));
    const history = doc.paths['/api/history'].get.parameters.map((p: { name: string }) => p.name);
    expect(history).toEqual(expect.arrayContaining(['venue', 'underlying', 'from', 'to']));
  });

  it('answers 404 JSON for an unknown API path', async () => {
    const res = await app().app.request('/api/nothing');
    expect(res.status).toBe(404);
  });
});

describe('static dashboard files', () => {
  it('serves the dashboard page and its assets', async () => {
    const { app: a } = app();
    expect(await (await a.request('/')).text()).toContain('dashboard');
    expect(await (await a.request('/assets/app.js')).text()).toBe('console.log(1)');
    expect(await (await a.request('/some/client/route')).text()).toContain('dashboard');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '//secret.txt',
  ])('never serves a path outside the dashboard folder: %s', async (path) => {
    const res = await app().app.request(path);
    expect(await res.text()).not.toContain('TOP SECRET');
  });
});

describe('GET /api/sources/:id/events (SSE)', () => {
  it.each(['range=1e-320', 'range=0x10', 'view=0d', 'spotChange=Infinity', 'positioning=dealer-long', 'rnage=10'])(
    'refuses %s with the 400 /report answers, opening no stream',
    async (query) => {
      const a = app().app;
      const report = await a.request(`/api/sources/deribit-btc/report?${query}`);
      const events = await a.request(`/api/sources/deribit-btc/events?${query}`);
      expect(events.status).toBe(400);
      expect(events.headers.get('content-type')).toMatch(/application\/json/);
      expect(await events.text()).toBe(await report.text());
    },
  );

  it('refuses a query the report builder refuses with a 400 before the stream opens, as /report does', async () => {
    const refusing: ReportBuilder = () => {
      throw new RangeError('range 20 is not a fraction; 0.2 is ±20 %');
    };
    const a = createApp({
      sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc, () => 0)],
      buildReport: refusing,
    });
    const report = await a.request('/api/sources/deribit-btc/report');
    const events = await a.request('/api/sources/deribit-btc/events');
    expect(report.status).toBe(400);
    expect(events.status).toBe(400);
    expect(await events.json()).toEqual(await report.json());
  });

  it('tells a client of an open stream when a later snapshot cannot be reported, and stays open', async () => {
    const live = new PushSource('deribit-eth', 'Deribit ETH (live)', () => 0);
    const builder: ReportBuilder = (snapshot, query) => {
      if (snapshot.spot < 0) throw new RangeError('spot (-1) must be positive');
      return coreReportBuilder(snapshot, query);
    };
    const a = createApp({ sources: [live], buildReport: builder });
    live.push(btc);
    const res = await a.request('/api/sources/deribit-eth/events');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: RegExp) => {
      while (!needle.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/id: 1/);
    live.push({ ...btc, spot: -1 });
    await readUntil(/event: report-error\ndata: \{"error":"spot \(-1\) must be positive"\}/);
    live.push({ ...btc, spot: btc.spot * 1.01 });
    await readUntil(/id: 3/);
    await reader.cancel();
  });

  it('sends the status and the report at once, then a new report when the source updates', async () => {
    const { app: a, down: live } = app();
    live.push(btc);
    const res = await a.request('/api/sources/deribit-eth/events?view=all');
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: RegExp) => {
      while (!needle.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/event: report\ndata: .*\nid: 1/);
    expect(text).toMatch(/event: status\ndata: \{"id":"deribit-eth".*"state":"ok"/);
    const moved = { ...btc, spot: btc.spot * 1.01 };
    live.push(moved);
    await readUntil(/id: 2/);
    const second = text.split('event: report\n')[2]!;
    const report = JSON.parse(/data: (.*)\n/.exec(second)![1]!);
    expect(report.spot).toBe(moved.spot);
    await reader.cancel();
  });
});
