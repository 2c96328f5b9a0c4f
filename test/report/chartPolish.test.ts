import { Resvg } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import { FONT_FILE, renderPanelSvg, reportTitle } from '../../src/report/charts/exportCharts.js';
import { chartPanels, type Level, levelRows } from '../../src/report/charts/panels.js';
import { screenPanels } from '../../src/report/charts/screen.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { METRICS, svgTexts } from './svgText.js';

const WIDTH = 900;
const HEIGHT = 320;
const FONT = { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' };

type Panel = { id: string; option: EChartsOption; svg: string };
const chains: Record<string, { report: FullReport; panels: Panel[] }> = {};

beforeAll(async () => {
  for (const [name, snap] of [
    ['deribit BTC', await readDeribitDir(DERIBIT_BTC_DIR)],
    ['CBOE SPX', await readCboeFile(CBOE_SPX_FILE)],
  ] as const) {
    const report = buildFullReport(snap);
    const panels = [...chartPanels(report, { width: WIDTH }), ...screenPanels(report, { width: WIDTH })].map((p) => ({
      ...p,
      svg: renderPanelSvg(p.option, WIDTH, HEIGHT),
    }));
    chains[name] = { report, panels };
  }
}, 120_000);

const each = (f: (chain: string, panel: Panel) => void) => {
  for (const [chain, { panels }] of Object.entries(chains)) for (const p of panels) f(chain, p);
};

type SeriesLike = {
  name?: string;
  type?: string;
  itemStyle?: { color?: string };
  lineStyle?: { color?: string };
  markLine?: { data?: { name?: string }[] };
};
const seriesOf = (o: EChartsOption) => (o.series ?? []) as SeriesLike[];

describe('the font metrics the exporter lays text out with', () => {
  it.each(['-400.00bn', '−144.16 M', 'max pain (next) 92,000', '2025-11-20 (0.9 d)'])(
    'match the width resvg draws %s with (ink within the advance, short of it by the side bearings only)',
    (text) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="10" y="25" font-family="DejaVu Sans" font-size="12">${text}</text></svg>`;
      const ink = new Resvg(svg, { font: FONT }).getBBox();
      const advance = METRICS.width(text, 12);
      expect(ink?.width).toBeLessThanOrEqual(advance);
      expect(ink?.width).toBeGreaterThan(advance - 3);
    },
  );
});

describe('exported charts: fixed defects', () => {
  it('draws every label inside the image: no axis label (negative ones included) starts left of x = 0 or ends past the right edge', () => {
    each((chain, p) => {
      for (const t of svgTexts(p.svg)) {
        expect(t.left, `${chain} ${p.id}: "${t.text}" left edge`).toBeGreaterThanOrEqual(0);
        expect(t.right, `${chain} ${p.id}: "${t.text}" right edge`).toBeLessThanOrEqual(WIDTH);
      }
    });
    const negative = chains['CBOE SPX']!.panels.flatMap((p) => svgTexts(p.svg)).filter((t) => /^-\d/.test(t.text));
    expect(negative.length).toBeGreaterThan(10);
  });

  it('leaves the two leftmost pixel columns of every rasterised panel blank (a clipped label would leave ink there)', () => {
    each((chain, p) => {
      const px = new Resvg(p.svg, { font: FONT, background: '#ffffff' }).render().pixels;
      let ink = 0;
      for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < 2; x++) if (px[(y * WIDTH + x) * 4]! < 200) ink++;
      expect(ink, `${chain} ${p.id}`).toBe(0);
    });
  });

  it('colours each legend swatch as its series is drawn', () => {
    each((chain, p) => {
      for (const s of seriesOf(p.option)) {
        if (s.name === undefined || s.type === 'heatmap') continue;
        const drawn = s.type === 'line' ? s.lineStyle?.color : s.itemStyle?.color;
        expect(drawn, `${chain} ${p.id} ${s.name}: colour set`).toMatch(/^#[0-9a-f]{6}$/);
        if (s.type === 'line') expect(s.itemStyle?.color, `${chain} ${p.id} ${s.name}`).toBe(drawn);
        // the swatch: the shapes drawn just before the legend text, at the same place
        const at = p.svg.indexOf(`>${s.name}</text>`);
        expect(at, `${chain} ${p.id}: legend of ${s.name}`).toBeGreaterThan(0);
        const textStart = p.svg.lastIndexOf('<text', at);
        const place = /transform="(translate\([^)]*\))"/.exec(p.svg.slice(textStart, at))?.[1];
        const before = p.svg.slice(Math.max(0, textStart - 1200), textStart).split('\n');
        const swatch = before.filter((l) => place !== undefined && l.includes(place) && l.startsWith('<path'));
        // painted colours only: a fill of opacity 0 or a stroke of width 0 is not seen
        const colours = new Set(
          swatch.flatMap((l) => [
            ...(l.includes('fill-opacity="0"') ? [] : [/ fill="(#[0-9a-f]{6})"/.exec(l)?.[1]]),
            ...(l.includes('stroke-width="0"') ? [] : [/ stroke="(#[0-9a-f]{6})"/.exec(l)?.[1]]),
          ]),
        );
        colours.delete(undefined);
        colours.delete('#ffffff');
        colours.delete('#000000');
        expect(swatch.length, `${chain} ${p.id} ${s.name}: swatch`).toBeGreaterThan(0);
        expect([...colours], `${chain} ${p.id} ${s.name}: swatch colours`).toEqual([drawn]);
      }
    });
  });

  it('formats the title: spot with thousands separators and cents, net GEX to 4 significant digits, the time to the minute', () => {
    expect(reportTitle(chains['CBOE SPX']!.report)).toBe(
      'gexmap · cboe SPX · 2022-12-13 01:30 UTC · spot 3,990.56 · net GEX −2.765 bn USD per 1 % · regime negative',
    );
    for (const { report } of Object.values(chains)) {
      const title = reportTitle(report);
      // no number carries more digits than the formatted ones
      expect(title).not.toMatch(/\d\.\d{4,}|\d{4,}\./);
      expect(title).toContain(
        `spot ${report.spot.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      );
    }
  });

  it('puts level labels above the plot, never over the bars, and no two of them over each other', () => {
    let labels = 0;
    each((chain, p) => {
      const names = seriesOf(p.option).flatMap((s) => s.markLine?.data?.map((d) => d.name ?? '') ?? []);
      if (names.length === 0) return;
      const top = (p.option.grid as { top: number }).top;
      const boxes = svgTexts(p.svg)
        .filter((t) => names.includes(t.text))
        .map((t) => ({ ...t, top: t.y - t.size / 2, bottom: t.y + t.size / 2 }));
      expect(boxes.length, `${chain} ${p.id}: every level labelled`).toBe(names.length);
      labels += boxes.length;
      for (const b of boxes) expect(b.bottom, `${chain} ${p.id}: "${b.text}" above the plot`).toBeLessThanOrEqual(top);
      for (const a of boxes)
        for (const b of boxes) {
          if (a === b) continue;
          const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
          expect(apart, `${chain} ${p.id}: "${a.text}" and "${b.text}"`).toBe(true);
        }
    });
    expect(labels).toBeGreaterThan(20);
  });
});

describe('levelRows', () => {
  const level = (value: number, name: string): Level => ({ value, name, color: '#000000', type: 'solid' });

  it('keeps far-apart labels on one row and lifts each close one to the lowest free row', () => {
    const axis = { min: 0, max: 1000 };
    // 700 px plot: 0.7 px per unit; "spot 500" is about 53 px wide
    expect(levelRows([level(100, 'spot'), level(500, 'flip'), level(900, 'put')], axis, 700)).toEqual([0, 0, 0]);
    expect(
      levelRows([level(500, 'spot'), level(510, 'flip'), level(520, 'call wall'), level(800, 'x')], axis, 700),
    ).toEqual([0, 1, 2, 0]);
    // back to the first row once the row's last label is passed
    expect(levelRows([level(500, 'spot'), level(510, 'flip'), level(650, 'put wall')], axis, 700)).toEqual([0, 1, 0]);
  });
});
