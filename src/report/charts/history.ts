/**
 * ECharts option of the history chart: spot, nearest flip and the walls over time (price axis),
 * net GEX as bars (second axis). Pure and browser-safe, like panels.ts.
 */
import type { EChartsOption } from 'echarts';
import type { MapSummary } from '../../analytics/headline.js';
import { COLORS, fmtLevel, fmtMoney } from './panels.js';

/** One stored summary on the chart: asOf in epoch ms, spot in USD. */
export type HistoryChartPoint = Pick<MapSummary, 'netGex' | 'nearestFlip' | 'callWall' | 'putWall'> & {
  readonly asOf: number;
  readonly spot: number;
};

export function historyChartOption(points: readonly HistoryChartPoint[], title = 'History'): EChartsOption {
  const line = (name: string, color: string, pick: (p: HistoryChartPoint) => number | null, dashed = false) => ({
    name,
    type: 'line' as const,
    yAxisIndex: 0,
    showSymbol: false,
    connectNulls: false,
    step: dashed ? ('end' as const) : (false as const),
    lineStyle: { color, width: dashed ? 1 : 2, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color },
    data: points.map((p) => [p.asOf, pick(p)]),
  });
  return {
    animation: false,
    title: { text: title, left: 8, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 24, data: ['spot', 'nearest flip', 'call wall', 'put wall', 'net GEX'] },
    grid: { left: 70, right: 70, top: 60, bottom: 40 },
    xAxis: { type: 'time' },
    yAxis: [
      { type: 'value', name: 'USD', scale: true, axisLabel: { formatter: (v: number) => fmtLevel(v) } },
      {
        type: 'value',
        name: 'net GEX, USD per 1 %',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => fmtMoney(v) },
      },
    ],
    series: [
      {
        name: 'net GEX',
        type: 'bar',
        yAxisIndex: 1,
        itemStyle: { color: COLORS.net, opacity: 0.35 },
        data: points.map((p) => ({
          value: [p.asOf, p.netGex],
          itemStyle: { color: p.netGex < 0 ? COLORS.put : COLORS.call },
        })),
      },
      line('spot', COLORS.spot, (p) => p.spot),
      line('nearest flip', COLORS.flip, (p) => p.nearestFlip),
      line('call wall', COLORS.call, (p) => p.callWall, true),
      line('put wall', COLORS.put, (p) => p.putWall, true),
    ],
  };
}
