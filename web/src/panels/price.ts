/**
 * The price chart: candles of the underlying (GET /api/sources/{id}/candles) with the map's levels as
 * labelled horizontal lines, and the stored history of the flip and walls as step lines when the
 * server keeps one (GET /api/history). A 404 on candles means the source has no prices: the panel says so.
 */
import type { EChartsOption } from 'echarts';
import { instant, price } from '../format.js';
import type { Report } from '../report.js';
import type { LevelMark, Panel } from './chartHost.js';
import { COLORS } from './colors.js';
import { escapeHtml } from './tooltip.js';

export interface Candle {
  /** ISO instant of the bar's open */
  readonly t: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface Candles {
  readonly source: string;
  /** minutes per bar */
  readonly resolution: number;
  /** venue: the venue's own bars; snapshots: built from stored snapshot spots */
  readonly from: 'venue' | 'snapshots';
  readonly candles: readonly Candle[];
}

/** A stored summary of GET /api/history (the fields the chart reads). */
export interface HistoryPoint {
  readonly venue: string;
  readonly underlying: string;
  readonly asOf: number;
  readonly nearestFlip: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
}

export type PriceData = { readonly candles: Candles } | { readonly missing: string };

/** What the page asks for: hourly bars, the last 200. */
export const CANDLE_QUERY = 'resolution=60&count=200';

/** Candles of a source, or why there are none (404: the source has no prices). */
export async function fetchCandles(sourceId: string): Promise<PriceData> {
  const res = await fetch(`api/sources/${encodeURIComponent(sourceId)}/candles?${CANDLE_QUERY}`).catch(() => undefined);
  if (!res) return { missing: 'price data unavailable: the server did not answer' };
  if (res.status === 404) return { missing: 'no price data for this source' };
  const body = (await res.json().catch(() => null)) as (Candles & { error?: string }) | null;
  if (!res.ok || !body || !Array.isArray(body.candles))
    return { missing: `price data unavailable: ${body?.error ?? `HTTP ${res.status}`}` };
  if (body.candles.length === 0) return { missing: 'no price data for this source yet' };
  return { candles: body };
}

/** The stored summaries, or none when the server keeps no history (404). */
export async function fetchHistory(): Promise<HistoryPoint[]> {
  const res = await fetch('api/history').catch(() => undefined);
  if (!res?.ok) return [];
  return ((await res.json()) as { points: HistoryPoint[] }).points;
}

/** The map's levels a trader draws on a price chart: each flip, the walls, the abs-gamma strike, next max pain. */
export function priceLevels(r: Report): LevelMark[] {
  const marks: LevelMark[] = r.gammaFlips.map((f) => ({ value: f, text: `flip ${price(f)}`, color: COLORS.flip }));
  if (r.callWall !== null)
    marks.push({ value: r.callWall, text: `call wall ${price(r.callWall)}`, color: COLORS.call });
  if (r.putWall !== null) marks.push({ value: r.putWall, text: `put wall ${price(r.putWall)}`, color: COLORS.put });
  if (r.absGammaStrike !== null)
    marks.push({ value: r.absGammaStrike, text: `abs γ ${price(r.absGammaStrike)}`, color: COLORS.absGamma });
  const pain = r.maxPain[0];
  if (pain) marks.push({ value: pain.strike, text: `max pain ${price(pain.strike)}`, color: COLORS.pain });
  return marks;
}

const RESOLUTION_WORD: Record<number, string> = {
  1: '1 min',
  5: '5 min',
  15: '15 min',
  60: 'hourly',
  240: '4 h',
  1440: 'daily',
};

interface TipParam {
  readonly seriesType?: string;
  readonly seriesName?: string;
  readonly marker?: unknown;
  readonly axisValue?: unknown;
  readonly value?: unknown;
}

function tooltipText(raw: unknown): string {
  const params = (Array.isArray(raw) ? raw : [raw]) as TipParam[];
  const t = params[0]?.axisValue;
  const head = typeof t === 'number' ? instant(new Date(t).toISOString()) : '';
  const rows = params.map((p) => {
    const v = Array.isArray(p.value) ? (p.value as unknown[]) : [];
    const m = typeof p.marker === 'string' ? p.marker : '';
    if (p.seriesType === 'candlestick') {
      // a candle's value is [time, open, close, low, high]
      const [, o, c, l, h] = v;
      return `${m}${escapeHtml(`O ${price(o as number)} H ${price(h as number)} L ${price(l as number)} C ${price(c as number)}`)}`;
    }
    const y = v[1];
    return typeof y === 'number' ? `${m}${escapeHtml(`${p.seriesName ?? ''} ${price(y)}`)}` : '';
  });
  return [escapeHtml(head), ...rows.filter((r) => r !== '')].join('<br>');
}

/**
 * The price panel: candles and the levels, the history step lines clipped to the candles' time span;
 * the y axis holds the candles and every level drawn. Without candles, a note saying why.
 */
export function pricePanel(r: Report, data: PriceData | null, history: readonly HistoryPoint[]): Panel {
  if (data === null || 'missing' in data) {
    return {
      id: 'price',
      note: data === null ? 'loading prices…' : data.missing,
      option: {
        animation: false,
        title: { text: `${r.underlying} price`, left: 8, top: 4, textStyle: { fontSize: 13 } },
      },
    };
  }
  const { candles, resolution, from } = data.candles;
  const bars = candles.map((c) => [Date.parse(c.t), c.open, c.close, c.low, c.high] as const);
  const t0 = bars[0]?.[0] ?? 0;
  const t1 = (bars[bars.length - 1]?.[0] ?? 0) + resolution * 60_000;
  const marks = priceLevels(r);
  const lows = [...candles.map((c) => c.low), ...marks.map((m) => m.value)];
  const highs = [...candles.map((c) => c.high), ...marks.map((m) => m.value)];
  const lo = Math.min(...lows);
  const hi = Math.max(...highs);
  const pad = (hi - lo) * 0.04 || hi * 0.01;
  const ours = history
    .filter((p) => p.venue === r.venue && p.underlying === r.underlying && p.asOf >= t0 && p.asOf <= t1)
    .sort((a, b) => a.asOf - b.asOf);
  const step = (name: string, color: string, pick: (p: HistoryPoint) => number | null) => ({
    name,
    type: 'line' as const,
    step: 'end' as const,
    color,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5, type: 'dotted' as const },
    data: ours.map((p) => [p.asOf, pick(p)]),
  });
  const steps =
    ours.length > 0
      ? [
          step('flip (history)', COLORS.flip, (p) => p.nearestFlip),
          step('call wall (history)', COLORS.call, (p) => p.callWall),
          step('put wall (history)', COLORS.put, (p) => p.putWall),
        ]
      : [];
  const option: EChartsOption = {
    animation: false,
    title: {
      text: `${r.underlying} ${RESOLUTION_WORD[resolution] ?? `${resolution} min`} candles (${from === 'venue' ? 'venue' : 'stored snapshots'}) with the map's levels`,
      left: 8,
      top: 4,
      textStyle: { fontSize: 13, color: COLORS.text, width: 520, overflow: 'truncate' },
    },
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipText },
    legend: { bottom: 22, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 104, top: 36, bottom: 78 },
    xAxis: { type: 'time', min: t0, max: t1 },
    yAxis: {
      type: 'value',
      min: lo - pad,
      max: hi + pad,
      axisLabel: { formatter: (v: number) => price(v), showMinLabel: false, showMaxLabel: false },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4, showDetail: false, filterMode: 'none' },
    ],
    series: [
      {
        name: r.underlying,
        type: 'candlestick',
        data: bars.map((b) => [...b]),
        itemStyle: { color: COLORS.call, color0: COLORS.put, borderColor: COLORS.call, borderColor0: COLORS.put },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          data: marks.map((m) => ({ yAxis: m.value, lineStyle: { color: m.color, type: 'dashed', width: 1 } })),
        },
      },
      ...steps,
    ],
  };
  return { id: 'price', marks: { axis: 'y', levels: marks }, option };
}
