import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { errorSchema, levelsSchema, reportSchema, sourcesSchema } from '../../src/report/schemas/index.js';
import { createApp } from '../../src/server/app.js';
import { coreReportBuilder, type ReportBuilder } from '../../src/server/reportCache.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

let btc: ChainSnapshot;
let spx: ChainSnapshot;

beforeAll(async () => {
  [btc, spx] = await Promise.all([readDeribitDir(DERIBIT_BTC_DIR), readCboeFile(CBOE_SPX_FILE)]);
});

const app = (buildReport?: ReportBuilder) =>
  createApp({
    sources: [
      new StaticSource('deribit-btc', 'Deribit BTC', btc),
      new StaticSource('cboe-spx', 'CBOE SPX', spx),
      new PushSource('deribit-eth', 'Deribit ETH (live)'),
    ],
    checkAnswers: true,
    ...(buildReport ? { buildReport } : {}),
  });

// every optional part of the report asked for: the surface, the playbook's inputs, the mechanics' ranges
const SPX_QUERY =
  'surfaceDays=2&surfaceSpots=5&spotChange=-3&lookback=24h&pinDays=3&pinBand=4&flowRange=5&threshold=rangeReachPct=2';

describe('the answer schemas, checked against real reports of both recorded chains', () => {
  it('describe every field of the SPX and BTC reports, strictly', async () => {
    for (const path of [
      `/api/sources/cboe-spx/report?${SPX_QUERY}`,
      '/api/sources/deribit-btc/report?expiries=next&positioning=customer-long',
      '/api/sources/deribit-btc/report?weight=volume&range=5',
    ]) {
      const res = await app().request(path);
      expect(res.status, path).toBe(200);
      const parsed = reportSchema.safeParse(await res.json());
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
    }
  });

  it('refuse a report that gains a field the schema does not describe, or loses one it does', async () => {
    const report = await (await app().request('/api/sources/deribit-btc/report')).json();
    const gained = reportSchema.safeParse({ ...report, gammaBands: [] });
    expect(gained.success).toBe(false);
    expect(gained.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['gammaBands'] });
    const { pins: _pins, ...lost } = report;
    expect(reportSchema.safeParse(lost).error?.issues[0]?.path).toEqual(['pins']);
    const nested = { ...report, hedgeFlow: { ...report.hedgeFlow, gammaUsd: 1 } };
    expect(reportSchema.safeParse(nested).success).toBe(false);
  });

  it('make the server answer 500 naming the field when a report drifts from its schema (checkAnswers)', async () => {
    const drifting: ReportBuilder = (s, q) => ({ ...coreReportBuilder(s, q), gammaBands: [] }) as never;
    const res = await app(drifting).request('/api/sources/deribit-btc/report');
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatch(/^report does not match its schema: .*gammaBands/);
    const unchecked = createApp({
      sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc)],
      buildReport: drifting,
    });
    expect((await unchecked.request('/api/sources/deribit-btc/report')).status).toBe(200);
  });

  it('describe the levels and the sources', async () => {
    const levels = await app().request('/api/sources/cboe-spx/levels');
    expect(levelsSchema.safeParse(await levels.json()).success).toBe(true);
    const sources = sourcesSchema.parse(await (await app().request('/api/sources')).json());
    expect(sources.map((s) => [s.id, s.state, s.kind])).toEqual([
      ['deribit-btc', 'ok', 'recorded'],
      ['cboe-spx', 'ok', 'recorded'],
      ['deribit-eth', 'down', 'live'],
    ]);
  });

  it('describe the 400, 403, 404 and 503 answers', async () => {
    const answers = [
      [400, '/api/sources/cboe-spx/report?rnage=10', {}],
      [403, '/api/sources', { host: 'evil.example' }],
      [404, '/api/sources/nope/report', {}],
      [503, '/api/sources/deribit-eth/report', {}],
    ] as const;
    for (const [status, path, headers] of answers) {
      const res = await app().request(path, { headers });
      expect(res.status, path).toBe(status);
      const parsed = errorSchema.safeParse(await res.json());
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
    }
  });
});
