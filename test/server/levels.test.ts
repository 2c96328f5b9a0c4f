import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { renderLevels } from '../../src/report/levelsText.js';
import { createApp } from '../../src/server/app.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

let spx: ChainSnapshot;
beforeAll(async () => {
  spx = await readCboeFile(CBOE_SPX_FILE);
});

const now = () => 1_000_000;
const app = () =>
  createApp({
    sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx, now), new PushSource('deribit-eth', 'Deribit ETH', now)],
    now,
  });

describe('GET /api/sources/:id/levels', () => {
  it('serves the key levels as JSON by default, those of the report for the same query', async () => {
    const res = await app().request('/api/sources/cboe-spx/levels?view=7d&range=10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await res.json();
    const want = buildFullReport(spx, { view: { kind: 'within-days', days: 7 }, range: 0.1 });
    expect(body.keyLevels).toEqual(want.keyLevels);
    expect(body.spot).toBe(spx.spot);
    expect(body.conventions.keyLevels).toBe(want.conventions.keyLevels);
  });

  it('serves csv, table and pine as the CLI prints them, each with its content type', async () => {
    const report = buildFullReport(spx);
    for (const [format, type] of [
      ['csv', 'text/csv; charset=utf-8'],
      ['table', 'text/plain; charset=utf-8'],
      ['pine', 'text/plain; charset=utf-8'],
    ] as const) {
      const res = await app().request(`/api/sources/cboe-spx/levels?format=${format}`);
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(await res.text()).toBe(renderLevels(report, format));
    }
  });

  it('refuses an unknown format or field with the field named, an unknown source with 404 and a source without data with 503', async () => {
    const bad = await app().request('/api/sources/cboe-spx/levels?format=xml');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^bad request: format /);
    const unknownField = await app().request('/api/sources/cboe-spx/levels?fromat=csv');
    expect((await unknownField.json()).error).toMatch(/fromat.*is not a field of this endpoint/);
    expect((await app().request('/api/sources/nope/levels')).status).toBe(404);
    expect((await app().request('/api/sources/deribit-eth/levels')).status).toBe(503);
  });

  it('is described in the OpenAPI document with its format parameter', async () => {
    const doc = await (await app().request('/api/openapi.json')).json();
    const params = doc.paths['/api/sources/{id}/levels'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toContain('format');
    expect(params).toContain('view');
  });
});
