import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { fmtPrice, fmtUsd } from '../format.js';
import { fontSizePx, readFontMetrics } from './fontMetrics.js';
import { chartPanels } from './panels.js';
import { type ScreenReport, screenPanels } from './screen.js';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** resvg has no system fonts to fall back on in a bare container: the project ships its own. */
export const FONT_FILE = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
const FONT_FAMILY = 'DejaVu Sans';

// Text is measured with the font it is drawn in, so labels and legends are laid out to their real width.
const metrics = readFontMetrics(FONT_FILE);
echarts.setPlatformAPI({ measureText: (text, font) => ({ width: metrics.width(text, fontSizePx(font)) }) });

export interface ExportOptions {
  readonly width?: number;
  readonly panelHeight?: number;
}

/** One panel rendered server-side to an SVG string; the chart is disposed so the process can exit. */
export function renderPanelSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, textStyle: { fontFamily: FONT_FAMILY }, backgroundColor: '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

/** `2025-11-19T11:20:36.882Z` → `2025-11-19 11:20 UTC`. */
function minuteUtc(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The title line: the chain, its time to the minute, spot and net GEX formatted as the text report does. */
export function reportTitle(report: ScreenReport): string {
  return `gexmap · ${report.venue} ${report.underlying} · ${minuteUtc(report.asOf)} · spot ${fmtPrice(report.spot)} · net GEX ${fmtUsd(report.netGex)} USD per 1 % · regime ${report.regime}`;
}

/** All panels of a report stacked in one SVG document under a title line. */
export function reportSvg(report: ScreenReport, opts: ExportOptions = {}): string {
  const width = opts.width ?? 900;
  const panelHeight = opts.panelHeight ?? 320;
  const header = 36;
  const panels = [...chartPanels(report, { width }), ...screenPanels(report, { width })];
  const height = header + panels.length * panelHeight;
  const title = reportTitle(report);
  const body = panels
    .map((p, i) => {
      const svg = renderPanelSvg(p.option, width, panelHeight).replace(/^<\?xml[^>]*>\s*/, '');
      // Nested <svg> elements place each panel at its own offset.
      return svg.replace(/^<svg /, `<svg id="${p.id}" x="0" y="${header + i * panelHeight}" `);
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-family="${FONT_FAMILY}" font-size="14" fill="#212529">${escapeXml(title)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

/** The SVG rasterised with resvg, using the bundled font only. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
