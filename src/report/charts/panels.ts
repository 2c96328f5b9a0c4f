/**
 * ECharts options for the GEX charts, built from a report object. Pure and browser-safe: the
 * dashboard draws them live and the exporter renders the same options to SVG/PNG on the server.
 */
import type { EChartsOption } from 'echarts';
import type { GexReport } from '../../analytics/gexReport.js';

export const COLORS = {
  call: '#2f9e44',
  put: '#e03131',
  net: '#1c7ed6',
  spot: '#495057',
  flip: '#f08c00',
  wall: '#862e9c',
  cluster: '#fab005',
  text: '#212529',
  grid: '#dee2e6',
} as const;

/** What the panels read from a report: the core fields plus the optional mechanics sections. */
export type ChartReport = Pick<
  GexReport,
  | 'spot'
  | 'byStrike'
  | 'gammaFlips'
  | 'callWall'
  | 'putWall'
  | 'maxPain'
  | 'oiClusters'
  | 'profile'
  | 'range'
  | 'underlying'
  | 'venue'
  | 'asOf'
  | 'netGex'
  | 'regime'
> & {
  /** present when the report carries the dealer mechanics (buildFullReport) */
  readonly hedgeFlow?: {
    readonly spots: readonly number[];
    readonly flowUsd: readonly number[];
    readonly linearUsd: readonly number[];
  };
  /** present when the snapshot spans several venues (withVenueBreakdown) */
  readonly venues?: {
    readonly venues: readonly {
      readonly venue: string;
      readonly byStrike: readonly { readonly strike: number; readonly netGex: number }[];
    }[];
  };
  readonly skew?: {
    readonly expiries: readonly {
      readonly expiry: string;
      readonly daysToExpiry: number;
      readonly smile: readonly { readonly strike: number; readonly iv: number; readonly logMoneyness: number }[];
    }[];
    readonly termStructure: readonly {
      readonly expiry: string;
      readonly daysToExpiry: number;
      readonly atmIv: number | null;
    }[];
  };
};

/** `−2.77bn`, `144.0M`, `512k`: an axis label of USD amounts, short enough for a narrow axis. */
export function fmtMoney(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}bn`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

type LineType = 'solid' | 'dashed' | 'dotted';

/** A price level drawn as a vertical line across a chart. */
export interface Level {
  readonly value: number;
  readonly name: string;
  readonly color: string;
  readonly type: LineType;
}

/** Level labels: font size, px, and the height of one row of them above the plot. */
export const LEVEL_LABEL_PX = 10;
const LEVEL_ROW_PX = 13;
/** Plot top without level labels, px (the title line above it). */
const PLOT_TOP = 36;
/** An upper bound of DejaVu Sans' advance per character of a level label, em (its widest digits and lower case), and the gap kept between two labels, px. */
const LABEL_EM = 0.66;
const LABEL_GAP = 6;

/** `91,630`, `3,991`, `0.65`: a level's price as a trader reads it. */
export function fmtLevel(value: number): string {
  const digits = Math.abs(value) >= 1000 ? 0 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const levelText = (l: Level) => `${l.name} ${fmtLevel(l.value)}`;

/**
 * The row of each level's label above the plot, so that no two overlap: labels are taken left to
 * right and each goes into the lowest row whose last label ends (with a gap) before it starts.
 * Positions are estimated from `plotPx`, a lower bound of the plot's width (a wider plot only
 * spreads the labels further apart), and a character width that bounds the font's.
 */
export function levelRows(levels: readonly Level[], axis: { min: number; max: number }, plotPx: number): number[] {
  const px = (v: number) => ((v - axis.min) / (axis.max - axis.min)) * plotPx;
  const half = (l: Level) => (levelText(l).length * LABEL_EM * LEVEL_LABEL_PX) / 2;
  const order = levels.map((l, i) => ({ i, x: px(l.value) })).sort((a, b) => a.x - b.x);
  const ends: number[] = [];
  const rows = new Array<number>(levels.length).fill(0);
  for (const { i, x } of order) {
    const l = levels[i] as Level;
    let row = ends.findIndex((end) => end + LABEL_GAP <= x - half(l));
    if (row < 0) row = ends.length;
    ends[row] = x + half(l);
    rows[i] = row;
  }
  return rows;
}

/** The levels as a markLine whose labels sit in rows above the plot (never over the bars), and the plot top that leaves room for them. */
export function levelMarkLine(levels: readonly Level[], axis: { min: number; max: number }, width: number) {
  const inView = levels.filter((l) => l.value >= axis.min && l.value <= axis.max);
  // the plot is the panel less its margins and y-axis labels: 130 px bounds them from above
  const rows = levelRows(inView, axis, Math.max(100, width - 130));
  const rowCount = inView.length === 0 ? 0 : Math.max(...rows) + 1;
  return {
    top: PLOT_TOP + rowCount * LEVEL_ROW_PX,
    markLine: {
      symbol: 'none',
      silent: true,
      data: inView.map((l, i) => ({
        xAxis: l.value,
        name: levelText(l),
        lineStyle: { color: l.color, type: l.type },
        label: {
          formatter: '{b}',
          position: 'end' as const,
          distance: 3 + (rows[i] as number) * LEVEL_ROW_PX,
          fontSize: LEVEL_LABEL_PX,
          color: l.color,
        },
      })),
    },
  };
}

function reportLevels(report: ChartReport, walls: boolean): Level[] {
  const lines: Level[] = [{ value: report.spot, name: 'spot', color: COLORS.spot, type: 'solid' }];
  for (const f of report.gammaFlips) lines.push({ value: f, name: 'flip', color: COLORS.flip, type: 'dashed' });
  if (walls && report.callWall !== null)
    lines.push({ value: report.callWall, name: 'call wall', color: COLORS.call, type: 'dotted' });
  if (walls && report.putWall !== null)
    lines.push({ value: report.putWall, name: 'put wall', color: COLORS.put, type: 'dotted' });
  return lines;
}

/** Layout of one panel: its width, px (the dashboard's is about 900). */
export interface PanelLayout {
  readonly width: number;
}

export const DEFAULT_LAYOUT: PanelLayout = { width: 900 };

/** A line series and its legend swatch in one colour (ECharts colours a line's legend icon from itemStyle, not lineStyle). */
export function lineColor(color: string, type: LineType = 'solid', width = 2) {
  return { itemStyle: { color }, lineStyle: { color, type, width } };
}

/** Strikes inside the report's profile range: the ones a trader looks at. */
export function strikesInRange(report: ChartReport) {
  return report.byStrike.filter((r) => r.strike >= report.range.lo && r.strike <= report.range.hi);
}

/** The profile range as the x axis; its odd end values are not labelled. */
function rangeAxis(report: ChartReport, name: string) {
  return {
    type: 'value' as const,
    min: report.range.lo,
    max: report.range.hi,
    name,
    nameLocation: 'middle' as const,
    nameGap: 24,
    axisLabel: { showMinLabel: false, showMaxLabel: false },
  };
}

export const base = (title: string, top = PLOT_TOP): EChartsOption => ({
  animation: false,
  title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, color: COLORS.text } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 2, textStyle: { fontSize: 11 } },
  grid: { left: 64, right: 24, top, bottom: 62 },
});

const rangeOf = (report: ChartReport) => ({ min: report.range.lo, max: report.range.hi });

function gexByStrikeOption(report: ChartReport, layout: PanelLayout): EChartsOption {
  const rows = strikesInRange(report);
  const marks = levelMarkLine(reportLevels(report, true), rangeOf(report), layout.width);
  return {
    ...base('GEX by strike (USD per 1 % move)', marks.top),
    xAxis: rangeAxis(report, 'strike'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'call GEX',
        type: 'bar',
        stack: 'side',
        data: rows.map((r) => [r.strike, r.callGex]),
        itemStyle: { color: COLORS.call },
      },
      {
        name: 'put GEX',
        type: 'bar',
        stack: 'side',
        data: rows.map((r) => [r.strike, r.putGex]),
        itemStyle: { color: COLORS.put },
      },
      {
        name: 'net GEX',
        type: 'bar',
        data: rows.map((r) => [r.strike, r.netGex]),
        itemStyle: { color: COLORS.net },
        markLine: marks.markLine,
      },
    ],
  };
}

function oiByStrikeOption(report: ChartReport, layout: PanelLayout): EChartsOption {
  const rows = strikesInRange(report);
  const nextPain = report.maxPain[0];
  const lines: Level[] = [{ value: report.spot, name: 'spot', color: COLORS.spot, type: 'solid' }];
  if (nextPain) lines.push({ value: nextPain.strike, name: 'max pain (next)', color: COLORS.wall, type: 'dashed' });
  const marks = levelMarkLine(lines, rangeOf(report), layout.width);
  return {
    ...base('Open interest by strike (contracts: calls up, puts down)', marks.top),
    xAxis: rangeAxis(report, 'strike'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      { name: 'call OI', type: 'bar', data: rows.map((r) => [r.strike, r.callOi]), itemStyle: { color: COLORS.call } },
      { name: 'put OI', type: 'bar', data: rows.map((r) => [r.strike, -r.putOi]), itemStyle: { color: COLORS.put } },
      {
        name: 'OI cluster',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 12,
        data: report.oiClusters.map((k) => [k.strike, k.callOi]),
        itemStyle: { color: COLORS.cluster },
        markLine: marks.markLine,
      },
    ],
  };
}

function profileOption(report: ChartReport, layout: PanelLayout): EChartsOption {
  const { spots, netGex } = report.profile;
  const marks = levelMarkLine(reportLevels(report, false), rangeOf(report), layout.width);
  return {
    ...base('Net GEX vs hypothetical spot (every option re-priced)', marks.top),
    xAxis: rangeAxis(report, 'spot'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'net GEX',
        type: 'line',
        showSymbol: false,
        data: spots.map((s, j) => [s, netGex[j] ?? 0]),
        ...lineColor(COLORS.net),
        areaStyle: { opacity: 0.08 },
        markLine: marks.markLine,
      },
    ],
  };
}

function hedgeFlowOption(report: ChartReport, layout: PanelLayout): EChartsOption | undefined {
  const flow = report.hedgeFlow;
  if (!flow || flow.spots.length === 0) return undefined;
  const axis = { min: flow.spots[0] as number, max: flow.spots[flow.spots.length - 1] as number };
  const marks = levelMarkLine(
    [{ value: report.spot, name: 'spot', color: COLORS.spot, type: 'solid' }],
    axis,
    layout.width,
  );
  return {
    ...base('Dealer hedge flow for a move (USD: + buy, − sell)', marks.top),
    xAxis: {
      type: 'value',
      ...axis,
      name: 'spot after the move',
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { showMinLabel: false, showMaxLabel: false },
    },
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'exact re-pricing',
        type: 'line',
        showSymbol: false,
        data: flow.spots.map((x, j) => [x, flow.flowUsd[j] ?? 0]),
        ...lineColor(COLORS.net),
        markLine: marks.markLine,
      },
      {
        name: 'linear (gamma)',
        type: 'line',
        showSymbol: false,
        data: flow.spots.map((x, j) => [x, flow.linearUsd[j] ?? 0]),
        ...lineColor(COLORS.flip, 'dashed'),
      },
    ],
  };
}

/** Palette of the per-venue series, in venue order. */
const VENUE_COLORS = ['#1c7ed6', '#f08c00', '#2f9e44', '#862e9c', '#e03131', '#495057'] as const;

/** Net GEX by strike, one stacked series per venue (absent for a single venue): who holds the map. */
function gexByVenueOption(report: ChartReport, layout: PanelLayout): EChartsOption | undefined {
  const venues = report.venues?.venues;
  if (!venues || venues.length < 2) return undefined;
  const inRange = (strike: number) => strike >= report.range.lo && strike <= report.range.hi;
  const marks = levelMarkLine(reportLevels(report, true), rangeOf(report), layout.width);
  return {
    ...base('Net GEX by strike and venue (USD per 1 % move, stacked)', marks.top),
    xAxis: rangeAxis(report, 'strike'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: venues.map((v, i) => ({
      name: v.venue,
      type: 'bar' as const,
      stack: 'venue',
      data: v.byStrike.filter((r) => inRange(r.strike)).map((r) => [r.strike, r.netGex]),
      itemStyle: { color: VENUE_COLORS[i % VENUE_COLORS.length] as string },
      ...(i === 0 ? { markLine: marks.markLine } : {}),
    })),
  };
}

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

/** IV smile (OTM quotes) of the first expiries, against log-moneyness ln(K/F). */
function smileOption(report: ChartReport, maxExpiries = 4): EChartsOption | undefined {
  const expiries = report.skew?.expiries.filter((e) => e.smile.length > 1).slice(0, maxExpiries);
  if (!expiries || expiries.length === 0) return undefined;
  return {
    ...base('IV smile by expiry (OTM quotes) vs ln(K/F)'),
    xAxis: { type: 'value', scale: true, name: 'ln(K / F)', nameLocation: 'middle', nameGap: 24 },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { formatter: pct },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: expiries.map((e, i) => ({
      name: `${e.expiry.slice(0, 10)} (${e.daysToExpiry.toFixed(1)} d)`,
      type: 'line' as const,
      showSymbol: false,
      data: e.smile.map((p) => [p.logMoneyness, p.iv]),
      ...lineColor(VENUE_COLORS[i % VENUE_COLORS.length] as string),
    })),
  };
}

/** ATM IV against days to expiry. */
function termStructureOption(report: ChartReport): EChartsOption | undefined {
  const points = report.skew?.termStructure.filter((p) => p.atmIv !== null);
  if (!points || points.length === 0) return undefined;
  return {
    ...base('ATM IV term structure'),
    xAxis: { type: 'value', name: 'days to expiry', nameLocation: 'middle', nameGap: 24 },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { formatter: pct },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: 'ATM IV',
        type: 'line',
        data: points.map((p) => [p.daysToExpiry, p.atmIv as number]),
        ...lineColor(COLORS.net),
      },
    ],
  };
}

/** The panels in display order, with a stable id each (the dashboard and the exporter share them). */
export function chartPanels(
  report: ChartReport,
  layout: PanelLayout = DEFAULT_LAYOUT,
): { id: string; option: EChartsOption }[] {
  const panels = [
    { id: 'gex-by-strike', option: gexByStrikeOption(report, layout) },
    { id: 'oi-by-strike', option: oiByStrikeOption(report, layout) },
    { id: 'profile', option: profileOption(report, layout) },
  ];
  const optional = [
    { id: 'gex-by-venue', option: gexByVenueOption(report, layout) },
    { id: 'hedge-flow', option: hedgeFlowOption(report, layout) },
    { id: 'smile', option: smileOption(report) },
    { id: 'term-structure', option: termStructureOption(report) },
  ];
  for (const p of optional) if (p.option) panels.push({ id: p.id, option: p.option });
  return panels;
}
