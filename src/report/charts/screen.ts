/**
 * ECharts options of the trader's screen, from the full report's fields: the strike × expiry GEX
 * heatmap, net GEX per expiry, DEX, vanna and charm by strike. Pure and browser-safe like panels.ts;
 * the exporter stacks them under the core panels, and the dashboard may draw the same options.
 */
import type { EChartsOption } from 'echarts';
import { fmtUsd } from '../format.js';
import {
  base,
  type ChartReport,
  COLORS,
  DEFAULT_LAYOUT,
  fmtLevel,
  type Level,
  levelMarkLine,
  type PanelLayout,
} from './panels.js';

interface StrikeValue {
  readonly strike: number;
  readonly value: number;
}

/** What the screen reads beyond the core panels; each chart is left out when its field is absent. */
export type ScreenReport = ChartReport & {
  readonly byExpiry?: readonly { readonly expiry: string; readonly daysToExpiry: number; readonly netGex: number }[];
  readonly byStrikeExpiry?: {
    readonly strikes: readonly number[];
    readonly expiries: readonly string[];
    readonly netGex: readonly (readonly number[])[];
  };
  readonly dex?: {
    readonly netUsd: number;
    readonly byStrike: readonly {
      readonly strike: number;
      readonly callDex: number;
      readonly putDex: number;
      readonly netDex: number;
    }[];
  };
  readonly vanna?: { readonly byStrike: readonly StrikeValue[] };
  readonly charm?: { readonly byStrike: readonly StrikeValue[] };
};

/** Diverging scale of the heatmap: negative GEX red, none white, positive blue. */
export const HEATMAP_COLORS = ['#c92a2a', '#ffffff', '#1864ab'] as const;
/** The heatmap's colour scale ends at this quantile of |cell|: one huge cell does not wash out the rest. */
const HEATMAP_QUANTILE = 0.98;

function fmtMoney(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}bn`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

const valueAxis = {
  type: 'value' as const,
  axisLabel: { formatter: fmtMoney },
  splitLine: { lineStyle: { color: COLORS.grid } },
};

const inRange = (report: ChartReport) => (strike: number) => strike >= report.range.lo && strike <= report.range.hi;
const rangeOf = (report: ChartReport) => ({ min: report.range.lo, max: report.range.hi });
const spotLevel = (report: ChartReport): Level => ({
  value: report.spot,
  name: 'spot',
  color: COLORS.spot,
  type: 'solid',
});

function strikeAxis(report: ChartReport) {
  return {
    type: 'value' as const,
    ...rangeOf(report),
    name: 'strike',
    nameLocation: 'middle' as const,
    nameGap: 24,
    axisLabel: { showMinLabel: false, showMaxLabel: false },
  };
}

/** The value of the sorted list at quantile q (linear between ranks). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/** Where a price falls on a category axis of ascending strikes, as a fractional index. */
export function strikeIndexOf(strikes: readonly number[], price: number): number {
  if (strikes.length === 0) return 0;
  if (price <= (strikes[0] as number)) return 0;
  for (let i = 1; i < strikes.length; i++) {
    const k = strikes[i] as number;
    if (price <= k) {
      const prev = strikes[i - 1] as number;
      return i - 1 + (price - prev) / (k - prev);
    }
  }
  return strikes.length - 1;
}

/** The heatmap grid restricted to the strikes in range and the expiries with any GEX there. */
export function heatmapCells(report: ScreenReport) {
  const grid = report.byStrikeExpiry;
  if (!grid) return undefined;
  const keep = inRange(report);
  const cols = grid.strikes
    .map((k, s) => ({ k, s }))
    .filter(({ k, s }) => keep(k) && grid.netGex.some((row) => row[s] !== 0));
  const rows = grid.expiries
    .map((e, x) => ({ e, x }))
    .filter(({ x }) => cols.some(({ s }) => (grid.netGex[x]?.[s] ?? 0) !== 0));
  const cells: [number, number, number][] = [];
  rows.forEach(({ x }, y) => {
    cols.forEach(({ s }, c) => {
      const v = grid.netGex[x]?.[s] ?? 0;
      if (v !== 0) cells.push([c, y, v]);
    });
  });
  const abs = cells.map((c) => Math.abs(c[2])).sort((a, b) => a - b);
  return {
    strikes: cols.map((c) => c.k),
    expiries: rows.map((r) => r.e),
    cells,
    /** the colour scale runs from −scale to +scale: symmetric, so white is zero */
    scale: quantile(abs, HEATMAP_QUANTILE) || 1,
  };
}

function heatmapOption(report: ScreenReport): EChartsOption | undefined {
  const h = heatmapCells(report);
  if (!h || h.cells.length === 0) return undefined;
  const spotAt = strikeIndexOf(h.strikes, report.spot);
  return {
    ...base('Net GEX by strike × expiry (USD per 1 % move; colour ends at the 98th percentile)', 48),
    tooltip: { position: 'top' },
    // the colour bar is the key: a legend swatch could only show one colour of a diverging scale
    legend: { show: false },
    grid: { left: 96, right: 24, top: 48, bottom: 84 },
    xAxis: {
      type: 'category',
      data: h.strikes.map(fmtLevel),
      axisLabel: { hideOverlap: true },
      name: 'strike',
      nameLocation: 'middle',
      nameGap: 24,
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: h.expiries.map((e) => e.slice(0, 10)),
      axisLabel: { hideOverlap: true, fontSize: 10 },
      splitArea: { show: false },
    },
    visualMap: {
      type: 'continuous',
      min: -h.scale,
      max: h.scale,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemHeight: 240,
      itemWidth: 10,
      text: [`+${fmtMoney(h.scale)} (dealers long gamma)`, `${fmtMoney(-h.scale)} (short gamma)`],
      inRange: { color: [...HEATMAP_COLORS] },
      textStyle: { fontSize: 10 },
    },
    series: [
      {
        name: 'net GEX',
        type: 'heatmap',
        data: h.cells,
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            {
              xAxis: spotAt,
              name: `spot ${fmtLevel(report.spot)}`,
              lineStyle: { color: COLORS.spot, type: 'solid', width: 1.5 },
              label: { formatter: '{b}', position: 'end', distance: 3, fontSize: 10, color: COLORS.spot },
            },
          ],
        },
      },
    ],
  };
}

/** The expiry after asOf that comes first: the one a trader watches roll off. */
export function nextExpiryIndex(rows: readonly { readonly daysToExpiry: number }[]): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.daysToExpiry > 0 && (best < 0 || r.daysToExpiry < (rows[best] as { daysToExpiry: number }).daysToExpiry))
      best = i;
  });
  return best;
}

function gexByExpiryOption(report: ScreenReport, layout: PanelLayout): EChartsOption | undefined {
  const rows = report.byExpiry;
  if (!rows || rows.length === 0) return undefined;
  const next = nextExpiryIndex(rows);
  const nextName = next >= 0 && (rows[next]?.daysToExpiry ?? 1) < 1 ? 'next expiry (0DTE)' : 'next expiry';
  return {
    ...base('Net GEX by expiry (USD per 1 % move)'),
    grid: { left: 64, right: 24, top: 36, bottom: 84 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.expiry.slice(0, 10)),
      // every n-th date, so that rotated labels stand at least 16 px apart on the plot's width
      axisLabel: {
        rotate: 40,
        fontSize: 10,
        interval: Math.ceil((rows.length * 16) / Math.max(100, layout.width - 110)) - 1,
      },
    },
    yAxis: valueAxis,
    series: [
      {
        name: 'net GEX',
        type: 'bar',
        stack: 'expiry',
        data: rows.map((r, i) => (i === next ? '-' : r.netGex)),
        itemStyle: { color: COLORS.net },
      },
      {
        name: nextName,
        type: 'bar',
        stack: 'expiry',
        data: rows.map((r, i) => (i === next ? r.netGex : '-')),
        itemStyle: { color: COLORS.flip },
      },
    ],
  };
}

function dexByStrikeOption(report: ScreenReport, layout: PanelLayout): EChartsOption | undefined {
  const dex = report.dex;
  if (!dex) return undefined;
  const keep = inRange(report);
  const rows = dex.byStrike.filter((r) => keep(r.strike));
  const marks = levelMarkLine([spotLevel(report)], rangeOf(report), layout.width);
  return {
    ...base(`Dealer delta (DEX) by strike (USD of underlying, + long; net ${fmtUsd(dex.netUsd)})`, marks.top),
    xAxis: strikeAxis(report),
    yAxis: valueAxis,
    series: [
      {
        name: 'call DEX',
        type: 'bar',
        stack: 'side',
        data: rows.map((r) => [r.strike, r.callDex]),
        itemStyle: { color: COLORS.call },
      },
      {
        name: 'put DEX',
        type: 'bar',
        stack: 'side',
        data: rows.map((r) => [r.strike, r.putDex]),
        itemStyle: { color: COLORS.put },
      },
      {
        name: 'net DEX',
        type: 'bar',
        data: rows.map((r) => [r.strike, r.netDex]),
        itemStyle: { color: COLORS.net },
        markLine: marks.markLine,
      },
    ],
  };
}

function byStrikeOption(
  report: ScreenReport,
  layout: PanelLayout,
  rows: readonly StrikeValue[] | undefined,
  what: { title: string; name: string; color: string },
): EChartsOption | undefined {
  if (!rows) return undefined;
  const keep = inRange(report);
  const marks = levelMarkLine([spotLevel(report)], rangeOf(report), layout.width);
  return {
    ...base(what.title, marks.top),
    xAxis: strikeAxis(report),
    yAxis: valueAxis,
    series: [
      {
        name: what.name,
        type: 'bar',
        data: rows.filter((r) => keep(r.strike)).map((r) => [r.strike, r.value]),
        itemStyle: { color: what.color },
        markLine: marks.markLine,
      },
    ],
  };
}

/** The screen's panels in display order, each with a stable id; a panel whose field is absent is left out. */
export function screenPanels(
  report: ScreenReport,
  layout: PanelLayout = DEFAULT_LAYOUT,
): { id: string; option: EChartsOption }[] {
  const panels = [
    { id: 'gex-heatmap', option: heatmapOption(report) },
    { id: 'gex-by-expiry', option: gexByExpiryOption(report, layout) },
    { id: 'dex-by-strike', option: dexByStrikeOption(report, layout) },
    {
      id: 'vanna-by-strike',
      option: byStrikeOption(report, layout, report.vanna?.byStrike, {
        title: 'Vanna by strike (dealer delta change per +1 vol point, USD)',
        name: 'vanna',
        color: '#5f3dc4',
      }),
    },
    {
      id: 'charm-by-strike',
      option: byStrikeOption(report, layout, report.charm?.byStrike, {
        title: 'Charm by strike (dealer delta change per day of time passing, USD)',
        name: 'charm',
        color: '#0c8599',
      }),
    },
  ];
  return panels.flatMap((p) => (p.option ? [{ id: p.id, option: p.option }] : []));
}
