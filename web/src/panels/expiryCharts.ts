/** The charts by expiry: the strike × expiry GEX heatmap and the per-expiry net GEX bars. */
import type { EChartsOption } from 'echarts';
import { compact, instant, price, usd } from '../format.js';
import type { Report } from '../report.js';
import type { Panel } from './chartHost.js';
import { COLORS } from './colors.js';
import { percentileRange } from './layout.js';
import { strikeWindow, title, valueAxis } from './strikeView.js';
import { axisTooltip, escapeHtml } from './tooltip.js';

/** Red for dealers short gamma, green for long, white at zero. */
const DIVERGING = ['#c92a2a', '#ff8787', '#f8f9fa', '#69db7c', '#2b8a3e'];

/** Options expiring within this many days of asOf are 0DTE. */
const ZERO_DTE_DAYS = 1;

/** Where a price falls on the strike categories, as a fractional index (spot between two strikes). */
export function strikePosition(strikes: readonly number[], p: number): number {
  if (strikes.length === 0) return 0;
  for (let i = 0; i < strikes.length - 1; i++) {
    const a = strikes[i] as number;
    const b = strikes[i + 1] as number;
    if (p >= a && p <= b) return i + (b === a ? 0 : (p - a) / (b - a));
  }
  return p < (strikes[0] as number) ? 0 : strikes.length - 1;
}

/**
 * Net GEX of every listed (expiry, strike) cell: colours diverge from zero, symmetric, saturating at the
 * 98th percentile of |GEX| among the cells in the strike window (one giant cell would wash the rest out).
 * Every non-zero cell of the grid is drawn, so the cells sum to net GEX; the zoom opens on the window.
 */
function heatmap(report: Report): Panel | undefined {
  const grid = report.byStrikeExpiry;
  if (grid.strikes.length === 0 || grid.expiries.length === 0) return undefined;
  const [lo, hi] = strikeWindow(report);
  const cells: [number, number, number][] = [];
  const inWindow: number[] = [];
  grid.netGex.forEach((row, e) => {
    row.forEach((v, k) => {
      if (v === 0) return;
      cells.push([k, e, v]);
      const s = grid.strikes[k] as number;
      if (s >= lo && s <= hi) inWindow.push(Math.abs(v));
    });
  });
  const top = percentileRange(inWindow.length > 0 ? inWindow : cells.map((c) => Math.abs(c[2])), 0.98, 0.98)?.[0] ?? 1;
  const first = grid.strikes.findIndex((s) => s >= lo);
  const lastIndex = grid.strikes.length - 1 - [...grid.strikes].reverse().findIndex((s) => s <= hi);
  const spotAt = strikePosition(grid.strikes, report.spot);
  const option: EChartsOption = {
    animation: false,
    title: title('Net GEX by strike × expiry (USD per 1 % move)'),
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (raw: unknown) => {
        const v = (raw as { value?: [number, number, number] }).value;
        if (!v) return '';
        const strike = grid.strikes[v[0]] as number;
        const expiry = grid.expiries[v[1]] as string;
        return `${escapeHtml(`strike ${price(strike)} · ${instant(expiry)}`)}<br>net GEX <b>${escapeHtml(usd(v[2]))}</b>`;
      },
    },
    grid: { left: 88, right: 24, top: 36, bottom: 92 },
    xAxis: {
      type: 'category',
      data: grid.strikes.map(String),
      name: 'strike',
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { formatter: (v: string) => compact(Number(v)), hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: grid.expiries,
      axisLabel: { formatter: (v: string) => instant(v).slice(0, 10), hideOverlap: true, fontSize: 10 },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, startValue: Math.max(0, first), endValue: Math.max(0, lastIndex) },
      {
        type: 'slider',
        xAxisIndex: 0,
        startValue: Math.max(0, first),
        endValue: Math.max(0, lastIndex),
        height: 14,
        bottom: 4,
        showDetail: false,
      },
    ],
    visualMap: {
      type: 'continuous',
      min: -top,
      max: top,
      dimension: 2,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 24,
      itemHeight: 120,
      itemWidth: 10,
      text: [`≥ ${compact(top)}`, `≤ ${compact(-top)}`],
      textStyle: { fontSize: 10 },
      inRange: { color: DIVERGING },
    },
    series: [
      {
        name: 'net GEX',
        type: 'heatmap',
        data: cells,
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          data: [{ xAxis: spotAt, lineStyle: { color: COLORS.spot, type: 'solid', width: 1.5 } }],
        },
      },
    ],
  };
  return {
    id: 'heatmap',
    marks: { axis: 'x', levels: [{ value: spotAt, text: `spot ${price(report.spot)}`, color: COLORS.spot }] },
    option,
  };
}

/** Net GEX of each expiry in view, the next expiry and the 0DTE ones in their own colours (and legend entries). */
function byExpiry(report: Report): Panel | undefined {
  const rows = report.byExpiry;
  if (rows.length === 0) return undefined;
  const group = (i: number) => {
    const r = rows[i];
    if (r && r.daysToExpiry <= ZERO_DTE_DAYS) return '0DTE';
    return i === 0 ? 'next expiry' : 'later expiries';
  };
  const groups = [
    { name: '0DTE', color: COLORS.zeroDte },
    { name: 'next expiry', color: COLORS.next },
    { name: 'later expiries', color: COLORS.net },
  ].filter((g) => rows.some((_, i) => group(i) === g.name));
  const option: EChartsOption = {
    animation: false,
    title: title('Net GEX by expiry (USD per 1 % move)'),
    tooltip: axisTooltip((x: string) => instant(x), usd),
    legend: { bottom: 22, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 24, top: 36, bottom: 78 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.expiry),
      axisLabel: { formatter: (v: string) => instant(v).slice(5, 10), hideOverlap: true },
    },
    yAxis: valueAxis(),
    dataZoom:
      rows.length > 20
        ? [
            { type: 'inside', xAxisIndex: 0, startValue: 0, endValue: 19 },
            { type: 'slider', xAxisIndex: 0, startValue: 0, endValue: 19, height: 14, bottom: 4, showDetail: false },
          ]
        : [],
    series: groups.map((g) => ({
      name: g.name,
      type: 'bar' as const,
      stack: 'expiry',
      color: g.color,
      data: rows.map((r, i) => (group(i) === g.name ? r.netGex : null)),
    })),
  };
  return { id: 'by-expiry', option };
}

export function expiryPanels(report: Report): Panel[] {
  return [heatmap(report), byExpiry(report)].filter((p): p is Panel => p !== undefined);
}
