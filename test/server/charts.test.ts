import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

let btc: ChainSnapshot;
beforeAll(async () => {
  btc = await readDeribitDir(DERIBIT_BTC_DIR);
});

const app = () => createApp({ sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc)] });
const PANELS = [
  'gex-by-strike',
  'oi-by-strike',
  'profile',
  'hedge-flow',
  'smile',
  'term-structure',
  'gex-heatmap',
  'gex-by-expiry',
  'dex-by-strike',
  'vanna-by-strike',
  'charm-by-strike',
];

describe('GET /api/sources/{id}/charts', () => {
  it('answers the exported charts as SVG: every panel of the full report under the formatted title', async () => {
    const res = await app().request('/api/sources/deribit-btc/charts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect([...svg.matchAll(/<svg id="([^"]+)"/g)].map((m) => m[1])).toEqual(PANELS);
    expect(svg).toContain('spot 91,629.58');
  });

  it('answers a PNG of the asked width, for the report of the same query', async () => {
    const res = await app().request('/api/sources/deribit-btc/charts?format=png&width=600&view=next');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(600);
  });

  it.each([
    ['format=gif', 'format'],
    ['width=399', 'width'],
    ['width=900.5', 'width'],
    ['range=0', 'range'],
  ])('refuses %s with a 400 naming the field', async (query, field) => {
    const res = await app().request(`/api/sources/deribit-btc/charts?${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).issues.map((i: { field: string }) => i.field)).toEqual([field]);
  });

  it('is a 404 for an unknown source and a 503 for one without a snapshot yet', async () => {
    const waiting = new PushSource('live-btc', 'BTC (live)');
    const a = createApp({ sources: [waiting] });
    expect((await a.request('/api/sources/nope/charts')).status).toBe(404);
    const res = await a.request('/api/sources/live-btc/charts');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('source live-btc is unavailable');
  });
});
