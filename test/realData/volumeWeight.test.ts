import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport } from '../../src/analytics/fullReport.js';
import type { ChainSnapshot, OptionQuote } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { black76Gamma } from '../../src/core/black76.js';
import { bsm } from '../../src/core/bsm.js';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { years } from '../support/mechanicsReference.js';

/** GEX of one option by DESIGN's formula with |q| = `size` contracts (classic signs: calls +, puts −). */
function optionGex(snap: ChainSnapshot, o: OptionQuote, size: number): number {
  const t = years(snap, o);
  const s = snap.spot;
  const phi = o.type === 'C' ? 1 : -1;
  const gamma =
    snap.model.kind === 'bsm'
      ? bsm({ phi, spot: s, strike: o.strike, vol: o.iv, t, rate: snap.model.rate, yield: snap.model.yield }).gamma
      : Math.exp(-snap.model.rate * t) * black76Gamma(o.forward, o.strike, o.iv, t);
  return phi * size * o.multiplier * gamma * s * s * 0.01;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

let spx: ChainSnapshot;
let btc: ChainSnapshot;
beforeAll(async () => {
  [spx, btc] = await Promise.all([readCboeFile(CBOE_SPX_FILE), readDeribitDir(DERIBIT_BTC_DIR)]);
});

describe('the readers carry traded volume', () => {
  it('reads each CBOE leg’s own Volume column', () => {
    const byName = new Map(spx.options.map((o) => [o.instrument, o]));
    expect(byName.get('SPXW221213C03990000')?.volume).toBe(2234);
    expect(byName.get('SPXW221213P03990000')?.volume).toBe(720);
    expect(spx.options.every((o) => o.volume !== undefined)).toBe(true);
  });

  it('reads Deribit’s 24 h volume in contracts', () => {
    expect(btc.options.find((o) => o.instrument === 'BTC-26DEC25-144000-C')?.volume).toBe(4.2);
    expect(btc.options.every((o) => o.volume !== undefined)).toBe(true);
  });
});

describe.each([
  { name: 'CBOE SPX 2022-12-12', chain: () => spx },
  { name: 'Deribit BTC 2025-11-19', chain: () => btc },
])('$name weighted by volume', ({ chain }) => {
  it('equals the OI formula with each option’s volume in place of its open interest, per strike and in total', () => {
    const snap = chain();
    const report = buildFullReport(snap, { weight: 'volume' });
    const want = new Map<number, { call: number; put: number }>();
    let scale = 0;
    for (const o of snap.options) {
      const g = optionGex(snap, o, o.volume ?? Number.NaN);
      const row = want.get(o.strike) ?? { call: 0, put: 0 };
      if (o.type === 'C') row.call += g;
      else row.put += g;
      want.set(o.strike, row);
      scale += Math.abs(g);
    }
    const net = [...want.values()].reduce((a, r) => a + r.call + r.put, 0);
    expect(Math.abs(report.netGex - net)).toBeLessThan(1e-9 * scale);
    for (const row of report.byStrike) {
      expect(Math.abs(row.callGex - want.get(row.strike)!.call), `call ${row.strike}`).toBeLessThan(1e-9 * scale);
      expect(Math.abs(row.putGex - want.get(row.strike)!.put), `put ${row.strike}`).toBeLessThan(1e-9 * scale);
    }
    expect(report.netGex).not.toBeCloseTo(buildFullReport(snap).netGex, 0);
    expect(report.conventions.weight).toMatch(/^volume: /);
    expect(buildFullReport(snap).conventions.weight).toMatch(/^oi: /);
  });
});

describe('--weight volume at the edges', () => {
  it('prints the volume-weighted report and says so, and refuses a positioning that does not size by OI', async () => {
    const r = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--weight', 'volume', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.netGex).toBe(buildFullReport(btc, { weight: 'volume' }).netGex);
    expect(report.conventions.weight).toMatch(/^volume: /);
    const levels = await run(['levels', '--deribit-dir', DERIBIT_BTC_DIR, '--weight', 'volume', '--format', 'json']);
    expect(JSON.parse(levels.stdout).conventions.weight).toMatch(/^volume: /);
    const book = { model: 'positions', positions: {} } as const;
    expect(() => buildFullReport(btc, { weight: 'volume', positioning: book })).toThrow(
      /^weight volume applies to the classic and customer-long positioning models \(not positions/,
    );
  });

  it('refuses a stored snapshot, which keeps no volume, in one line naming the option (exit 2)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'gexmap-weight-')), 'h.duckdb');
    const store = await DuckDbStore.open(db);
    await store.writeSnapshot(recordOf(btc));
    await store.close();
    const r = await run(['report', '--db', db, '--weight', 'volume', '--json']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gexmap: weight volume: 686 of 686 options have no volume \(first "BTC-[^"]+"\); stored snapshots and live streams keep none: use weight oi\n$/,
    );
    expect((await run(['report', '--db', db, '--json'])).code).toBe(0);
  });

  it('is the API’s weight=volume, a separate cached report, refused with 400 where a source has no volume', async () => {
    const noVolume = { ...btc, options: btc.options.map(({ volume: _, ...o }) => o) };
    const app = createApp({
      sources: [new StaticSource('btc', 'BTC', btc, () => 0), new StaticSource('old', 'old', noVolume, () => 0)],
      now: () => 0,
    });
    const byVolume = await (await app.request('/api/sources/btc/report?weight=volume')).json();
    const byOi = await (await app.request('/api/sources/btc/report')).json();
    expect(byVolume.netGex).toBe(buildFullReport(btc, { weight: 'volume' }).netGex);
    expect(byOi.netGex).toBe(buildFullReport(btc).netGex);
    expect(byVolume.conventions.weight).toMatch(/^volume: /);
    const refused = await app.request('/api/sources/old/levels?weight=volume');
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatch(/^weight volume: 686 of 686 options have no volume/);
    const bad = await app.request('/api/sources/btc/report?weight=vol');
    expect((await bad.json()).error).toMatch(/^bad request: weight /);
  });
});
