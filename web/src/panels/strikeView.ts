/** What every strike chart shares: the strike window holding the GEX mass, the zoom, the level marks. */
import type { EChartsOption } from 'echarts';

/** One part of an option, present. */
export type Part<K extends keyof EChartsOption> = NonNullable<EChartsOption[K]>;

import { compact, price } from '../format.js';
import type { Report } from '../report.js';
import type { LevelMark } from './chartHost.js';
import { COLORS } from './colors.js';
import { massRange } from './layout.js';

/** Strikes inside the report's profile range: the ones a trader looks at. */
export function strikesInRange<T extends { readonly strike: number }>(report: Report, rows: readonly T[]): T[] {
  return rows.filter((r) => r.strike >= report.range.lo && r.strike <= report.range.hi);
}

/**
 * The strike window the charts open on: the strikes holding 98 % of |call GEX| + |put GEX| in range,
 * padded, with spot inside; the whole range when there is no gamma. Zooming out shows the whole range.
 */
export function strikeWindow(report: Report): [number, number] {
  const rows = strikesInRange(report, report.byStrike).map((r) => ({
    strike: r.strike,
    weight: Math.abs(r.callGex) + Math.abs(r.putGex),
  }));
  return (
    massRange(rows, { share: 0.98, pad: 0.1, include: [report.spot], min: report.range.lo, max: report.range.hi }) ?? [
      report.range.lo,
      report.range.hi,
    ]
  );
}

export const GRID = { left: 64, right: 24, top: 36, bottom: 78 } as const;

/** The strike (value) axis over the profile range, and the zoom that opens it on the GEX window. */
export function strikeAxes(
  report: Report,
  name = 'strike',
): { xAxis: Part<'xAxis'>; dataZoom: Part<'dataZoom'>; grid: Part<'grid'> } {
  const [startValue, endValue] = strikeWindow(report);
  return {
    grid: { ...GRID },
    xAxis: {
      type: 'value',
      min: report.range.lo,
      max: report.range.hi,
      name,
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { formatter: (v: number) => compact(v), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, startValue, endValue, filterMode: 'none' },
      {
        type: 'slider',
        xAxisIndex: 0,
        startValue,
        endValue,
        filterMode: 'none',
        height: 14,
        bottom: 4,
        showDetail: false,
      },
    ],
  };
}

/** A money y axis, its tick labels compact. */
export function valueAxis(): Part<'yAxis'> {
  return {
    type: 'value',
    axisLabel: { formatter: (v: number) => compact(v) },
    splitLine: { lineStyle: { color: COLORS.grid } },
  };
}

export const legend = (): Part<'legend'> => ({ bottom: 22, textStyle: { fontSize: 11 } });

export const title = (text: string): Part<'title'> => ({
  text,
  left: 8,
  top: 4,
  textStyle: { fontSize: 13, color: COLORS.text, width: 520, overflow: 'truncate' },
});

/** Spot, each flip and (with `walls`) the call and put walls, labelled with their price. */
export function levelMarks(report: Report, walls: boolean): LevelMark[] {
  const marks: LevelMark[] = [{ value: report.spot, text: `spot ${price(report.spot)}`, color: COLORS.spot }];
  for (const f of report.gammaFlips) marks.push({ value: f, text: `flip ${price(f)}`, color: COLORS.flip });
  if (walls && report.callWall !== null)
    marks.push({ value: report.callWall, text: `call wall ${price(report.callWall)}`, color: COLORS.call });
  if (walls && report.putWall !== null)
    marks.push({ value: report.putWall, text: `put wall ${price(report.putWall)}`, color: COLORS.put });
  return marks;
}

/** The marks as unlabelled lines (their labels are the page's HTML, placed so that none overlap). */
export function markLines(marks: readonly LevelMark[], axis: 'xAxis' | 'yAxis' = 'xAxis') {
  return {
    symbol: 'none',
    silent: true,
    label: { show: false },
    data: marks.map((m) => ({ [axis]: m.value, lineStyle: { color: m.color, type: 'dashed' as const, width: 1 } })),
  };
}
