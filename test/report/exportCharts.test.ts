import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport, type GexReport } from '../../src/analytics/gexReport.js';
import { withVenueBreakdown } from '../../src/analytics/venues.js';
import { aggregateChains } from '../../src/chain/aggregate.js';
import { FONT_FILE, reportSvg, svgToPng } from '../../src/report/charts/exportCharts.js';
import { chartPanels, fmtLevel, strikesInRange } from '../../src/report/charts/panels.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { okxPayloads } from '../support/venueReplay/okx.js';

let report: GexReport;
beforeAll(async () => {
  report = buildGexReport(await readDeribitDir(DERIBIT_BTC_DIR));
});

describe('chart export', () => {
  it('renders the Deribit BTC charts to the same SVG as the reviewed snapshot', async () => {
    await expect(reportSvg(report)).toMatchFileSnapshot('__snapshots__/deribit-btc-2025-11-19.svg');
  });

  it('draws the GEX-by-strike panel from the report numbers, with spot, flip and walls marked', () => {
    const panel = chartPanels(report).find((p) => p.id === 'gex-by-strike')!;
    const series = panel.option.series as {
      name: string;
      data: [number, number][];
      markLine?: { data: { name: string; xAxis: number }[] };
    }[];
    const net = series.find((s) => s.name === 'net GEX')!;
    const rows = strikesInRange(report);
    expect(net.data).toEqual(rows.map((r) => [r.strike, r.netGex]));
    const marks = Object.fromEntries(net.markLine!.data.map((m) => [m.name, m.xAxis]));
    // each level labelled with its price
    expect(marks).toEqual({
      'spot 91,630': report.spot,
      [`flip ${fmtLevel(report.nearestFlip!)}`]: report.nearestFlip,
      'call wall 100,000': 100_000,
      'put wall 90,000': 90_000,
    });
  });

  it('stacks net GEX by strike per venue on an aggregated map, the venues adding up to the map, and leaves it out for one venue', async () => {
    const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
    const okx = parseOkxChain({ ...okxPayloads({ ctVal: '0.01', ctMult: '1', oiShare: () => 0.4 }), source: 'okx' });
    const all = aggregateChains([deribit, okx]);
    const aggregated = withVenueBreakdown(all, buildGexReport(all));
    const panel = chartPanels(aggregated).find((p) => p.id === 'gex-by-venue')!;
    const series = panel.option.series as { name: string; stack: string; data: [number, number][] }[];
    expect(series.map((x) => x.name)).toEqual(['deribit', 'okx']);
    expect(new Set(series.map((x) => x.stack)).size).toBe(1);
    const sum = new Map<number, number>();
    for (const x of series) for (const [k, v] of x.data) sum.set(k, (sum.get(k) ?? 0) + v);
    const rows = strikesInRange(aggregated);
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(sum.get(r.strike) ?? 0, `strike ${r.strike}`).toBeCloseTo(r.netGex, 0);
    expect(chartPanels(report).some((p) => p.id === 'gex-by-venue')).toBe(false);
  });

  it('rasterises to a PNG whose text is drawn with the bundled font', () => {
    const svg = reportSvg(report, { width: 600, panelHeight: 250 });
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(600); // IHDR width
    // IHDR height: title line + the three core panels + net GEX by expiry (the other screen panels need the full report)
    expect(png.readUInt32BE(20)).toBe(36 + 4 * 250);
    // The title line holds only text: with the font it has dark pixels, without it would be blank.
    const pixels = new Resvg(svg, {
      font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    }).render().pixels;
    let dark = 0;
    for (let y = 8; y < 30; y++) for (let x = 0; x < 600; x++) if (pixels[(y * 600 + x) * 4]! < 128) dark++;
    expect(dark).toBeGreaterThan(200);
  });
});
