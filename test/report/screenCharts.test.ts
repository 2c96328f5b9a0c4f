import type { EChartsOption } from 'echarts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import { renderPanelSvg } from '../../src/report/charts/exportCharts.js';
import { HEATMAP_COLORS, heatmapCells, screenPanels } from '../../src/report/charts/screen.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

const reports: Record<string, FullReport> = {};
beforeAll(async () => {
  reports['deribit-btc'] = buildFullReport(await readDeribitDir(DERIBIT_BTC_DIR));
  reports['cboe-spx'] = buildFullReport(await readCboeFile(CBOE_SPX_FILE));
}, 120_000);

const IDS = ['gex-heatmap', 'gex-by-expiry', 'dex-by-strike', 'vanna-by-strike', 'charm-by-strike'];
const panel = (r: FullReport, id: string) => screenPanels(r).find((p) => p.id === id)?.option as EChartsOption;
type Series = { name: string; data: unknown[]; markLine?: { data: { xAxis: number; name: string }[] } };
const series = (o: EChartsOption) => o.series as Series[];
const inRange = (r: FullReport) => (k: number) => k >= r.range.lo && k <= r.range.hi;

describe('the screen charts of the export', () => {
  it('draws all five panels for the Deribit BTC chain, each to the SVG of its reviewed snapshot', async () => {
    const panels = screenPanels(reports['deribit-btc']!);
    expect(panels.map((p) => p.id)).toEqual(IDS);
    for (const p of panels)
      await expect(renderPanelSvg(p.option, 900, 320)).toMatchFileSnapshot(
        `__snapshots__/screen/deribit-btc-${p.id}.svg`,
      );
  });

  it('draws all five panels for the CBOE SPX chain too (its heatmap alone has thousands of cells: no snapshot)', () => {
    expect(screenPanels(reports['cboe-spx']!).map((p) => p.id)).toEqual(IDS);
  });

  it.each(['deribit-btc', 'cboe-spx'])(
    'heatmap of %s: its cells are the grid’s in range, summing to the net GEX of those strikes',
    (chain) => {
      const r = reports[chain]!;
      const h = heatmapCells(r)!;
      const keep = inRange(r);
      const want = r.byStrike.filter((s) => keep(s.strike)).reduce((a, s) => a + s.netGex, 0);
      const got = h.cells.reduce((a, c) => a + c[2], 0);
      expect(Math.abs(got - want)).toBeLessThan(1e-9 * Math.abs(r.netGex) + 1e-6);
      for (const [c, y, v] of h.cells) {
        const e = r.byStrikeExpiry.expiries.indexOf(h.expiries[y]!);
        const k = r.byStrikeExpiry.strikes.indexOf(h.strikes[c]!);
        expect(r.byStrikeExpiry.netGex[e]![k]).toBe(v);
      }
    },
  );

  it('heatmap: a diverging scale centred on zero (white at 0, symmetric ends) with spot marked between its strikes', () => {
    const r = reports['deribit-btc']!;
    const o = panel(r, 'gex-heatmap');
    const vm = o.visualMap as { min: number; max: number; inRange: { color: string[] } };
    expect(vm.min).toBe(-vm.max);
    expect(vm.max).toBeGreaterThan(0);
    expect(vm.inRange.color).toEqual([...HEATMAP_COLORS]);
    expect(HEATMAP_COLORS[1]).toBe('#ffffff');
    const h = heatmapCells(r)!;
    const at = series(o)[0]!.markLine!.data[0]!;
    expect(at.name).toBe('spot 91,630');
    const i = Math.floor(at.xAxis);
    expect(h.strikes[i]!).toBeLessThanOrEqual(r.spot);
    expect(h.strikes[i + 1]!).toBeGreaterThan(r.spot);
    expect(h.strikes[i]! + (at.xAxis - i) * (h.strikes[i + 1]! - h.strikes[i]!)).toBeCloseTo(r.spot, 6);
  });

  it('per-expiry bars: the report’s net GEX per expiry, the next expiry alone in its own highlighted series', () => {
    for (const r of Object.values(reports)) {
      const [rest, next] = series(panel(r, 'gex-by-expiry'));
      const nextAt = r.byExpiry.findIndex((e) => e.daysToExpiry === Math.min(...r.byExpiry.map((x) => x.daysToExpiry)));
      expect(next!.name).toBe(r.byExpiry[nextAt]!.daysToExpiry < 1 ? 'next expiry (0DTE)' : 'next expiry');
      expect(next!.data.filter((v) => v !== '-')).toEqual([r.byExpiry[nextAt]!.netGex]);
      expect(next!.data[nextAt]).toBe(r.byExpiry[nextAt]!.netGex);
      expect(rest!.data.map((v, i) => (v === '-' ? next!.data[i] : v))).toEqual(r.byExpiry.map((e) => e.netGex));
    }
  });

  it('DEX, vanna and charm by strike: the report’s rows in range, spot marked', () => {
    for (const r of Object.values(reports)) {
      const keep = inRange(r);
      const dex = series(panel(r, 'dex-by-strike'));
      const rows = r.dex.byStrike.filter((s) => keep(s.strike));
      expect(dex.map((s) => s.name)).toEqual(['call DEX', 'put DEX', 'net DEX']);
      expect(dex[0]!.data).toEqual(rows.map((s) => [s.strike, s.callDex]));
      expect(dex[1]!.data).toEqual(rows.map((s) => [s.strike, s.putDex]));
      expect(dex[2]!.data).toEqual(rows.map((s) => [s.strike, s.netDex]));
      expect(dex[2]!.markLine!.data.map((m) => m.xAxis)).toEqual([r.spot]);
      for (const [id, field] of [
        ['vanna-by-strike', 'vanna'],
        ['charm-by-strike', 'charm'],
      ] as const) {
        const [s] = series(panel(r, id));
        expect(s!.data).toEqual(r[field].byStrike.filter((x) => keep(x.strike)).map((x) => [x.strike, x.value]));
        expect(s!.markLine!.data.map((m) => m.xAxis)).toEqual([r.spot]);
      }
    }
  });

  it('leaves out a panel whose field the report lacks', () => {
    const { dex: _d, byStrikeExpiry: _g, vanna: _v, charm: _c, ...core } = reports['deribit-btc']!;
    expect(screenPanels(core).map((p) => p.id)).toEqual(['gex-by-expiry']);
  });
});
