import { FONT_FILE } from '../../src/report/charts/exportCharts.js';
import { readFontMetrics } from '../../src/report/charts/fontMetrics.js';

/** The font's own advance widths (checked against resvg's drawing in chartPolish.test.ts). */
export const METRICS = readFontMetrics(FONT_FILE);

export interface SvgText {
  readonly text: string;
  /** anchor point, px in the panel */
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly size: number;
  readonly fill: string;
  /** left and right edge of the advance box, px */
  readonly left: number;
  readonly right: number;
}

const unescapeXml = (t: string) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every horizontal <text> of an ECharts SVG (placed by translate), with its box from the font's metrics. */
export function svgTexts(svg: string): SvgText[] {
  const out: SvgText[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1] as string;
    const t = /transform="translate\(([-\d.e]+) ([-\d.e]+)\)"/.exec(attrs);
    if (t === null) continue; // rotated labels are placed by a matrix
    const num = (name: string) => Number(new RegExp(` ${name}="([-\\d.e]+)"`).exec(attrs)?.[1] ?? 0);
    const anchor = (/text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start') as SvgText['anchor'];
    const size = Number(/font-size:([\d.]+)px/.exec(attrs)?.[1] ?? 12);
    const text = unescapeXml(m[2] as string);
    const x = Number(t[1]) + num('x');
    const w = METRICS.width(text, size);
    const left = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
    out.push({
      text,
      x,
      y: Number(t[2]) + num('y'),
      anchor,
      size,
      fill: /fill="([^"]+)"/.exec(attrs)?.[1] ?? '',
      left,
      right: left + w,
    });
  }
  return out;
}
