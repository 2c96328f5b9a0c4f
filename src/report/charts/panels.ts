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

function fmtMoney(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}bn`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(0);
}

type MarkLineDatum = { xAxis: number; name: string; lineStyle: { color: string; type: 'solid' | 'dashed' | 'dotted' } };

function levelLines(report: ChartReport, walls: boolean): MarkLineDatum[] {
  const lines: MarkLineDatum[] = [
    { xAxis: report.spot, name: 'spot', lineStyle: { color: COLORS.spot, type: 'solid' } },
  ];
  for (const f of report.gammaFlips)
    lines.push({ xAxis: f, name: 'flip', lineStyle: { color: COLORS.flip, type: 'dashed' } });
  if (walls && report.callWall !== null)
    lines.push({ xAxis: report.callWall, name: 'call wall', lineStyle: { color: COLORS.call, type: 'dotted' } });
  if (walls && report.putWall !== null)
    lines.push({ xAxis: report.putWall, name: 'put wall', lineStyle: { color: COLORS.put, type: 'dotted' } });
  return lines;
}

function markLine(data: MarkLineDatum[]) {
  return {
    symbol: 'none',
    silent: true,
    label: { formatter: '{b}', position: 'insideEndTop' as const, fontSize: 10 },
    data,
  };
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

const base = (title: string): EChartsOption => ({
  animation: false,
  title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, color: COLORS.text } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 2, textStyle: { fontSize: 11 } },
  grid: { left: 64, right: 24, top: 36, bottom: 62 },
});

function gexByStrikeOption(report: ChartReport): EChartsOption {
  const rows = strikesInRange(report);
  return {
    ...base('GEX by strike (USD per 1 % move)'),
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
        markLine: markLine(levelLines(report, true)),
      },
    ],
  };
}

function oiByStrikeOption(report: ChartReport): EChartsOption {
  const rows = strikesInRange(report);
  const nextPain = report.maxPain[0];
  const lines: MarkLineDatum[] = [
    { xAxis: report.spot, name: 'spot', lineStyle: { color: COLORS.spot, type: 'solid' } },
  ];
  if (nextPain)
    lines.push({ xAxis: nextPain.strike, name: 'max pain (next)', lineStyle: { color: COLORS.wall, type: 'dashed' } });
  return {
    ...base('Open interest by strike (contracts: calls up, puts down)'),
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
        markLine: markLine(lines),
      },
    ],
  };
}

function profileOption(report: ChartReport): EChartsOption {
  const { spots, netGex } = report.profile;
  return {
    ...base('Net GEX vs hypothetical spot (every option re-priced)'),
    xAxis: rangeAxis(report, 'spot'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'net GEX',
        type: 'line',
        showSymbol: false,
        data: spots.map((s, j) => [s, netGex[j] ?? 0]),
        lineStyle: { color: COLORS.net, width: 2 },
        areaStyle: { opacity: 0.08 },
        markLine: markLine(levelLines(report, false)),
      },
    ],
  };
}

function hedgeFlowOption(report: ChartReport): EChartsOption | undefined {
  const flow = report.hedgeFlow;
  if (!flow || flow.spots.length === 0) return undefined;
  return {
    ...base('Dealer hedge flow for a move (USD: + buy, − sell)'),
    xAxis: { type: 'value', scale: true, name: 'spot after the move', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'exact re-pricing',
        type: 'line',
        showSymbol: false,
        data: flow.spots.map((x, j) => [x, flow.flowUsd[j] ?? 0]),
        lineStyle: { color: COLORS.net, width: 2 },
        markLine: markLine([{ xAxis: report.spot, name: 'spot', lineStyle: { color: COLORS.spot, type: 'solid' } }]),
      },
      {
        name: 'linear (gamma)',
        type: 'line',
        showSymbol: false,
        data: flow.spots.map((x, j) => [x, flow.linearUsd[j] ?? 0]),
        lineStyle: { color: COLORS.flip, type: 'dashed' },
      },
    ],
  };
}

/** Palette of the per-venue series, in venue order. */
const VENUE_COLORS = ['#1c7ed6', '#f08c00', '#2f9e44', '#862e9c', '#e03131', '#495057'] as const;

/** Net GEX by strike, one stacked series per venue (absent for a single venue): who holds the map. */
function gexByVenueOption(report: ChartReport): EChartsOption | undefined {
  const venues = report.venues?.venues;
  if (!venues || venues.length < 2) return undefined;
  const inRange = (strike: number) => strike >= report.range.lo && strike <= report.range.hi;
  return {
    ...base('Net GEX by strike and venue (USD per 1 % move, stacked)'),
    xAxis: rangeAxis(report, 'strike'),
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: venues.map((v, i) => ({
      name: v.venue,
      type: 'bar' as const,
      stack: 'venue',
      data: v.byStrike.filter((r) => inRange(r.strike)).map((r) => [r.strike, r.netGex]),
      itemStyle: { color: VENUE_COLORS[i % VENUE_COLORS.length] as string },
      ...(i === 0 ? { markLine: markLine(levelLines(report, true)) } : {}),
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
    series: expiries.map((e) => ({
      name: `${e.expiry.slice(0, 10)} (${e.daysToExpiry.toFixed(1)} d)`,
      type: 'line' as const,
      showSymbol: false,
      data: e.smile.map((p) => [p.logMoneyness, p.iv]),
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
        lineStyle: { color: COLORS.net, width: 2 },
      },
    ],
  };
}

/** The panels in display order, with a stable id each (the dashboard and the exporter share them). */
export function chartPanels(report: ChartReport): { id: string; option: EChartsOption }[] {
  const panels = [
    { id: 'gex-by-strike', option: gexByStrikeOption(report) },
    { id: 'oi-by-strike', option: oiByStrikeOption(report) },
    { id: 'profile', option: profileOption(report) },
  ];
  const optional = [
    { id: 'gex-by-venue', option: gexByVenueOption(report) },
    { id: 'hedge-flow', option: hedgeFlowOption(report) },
    { id: 'smile', option: smileOption(report) },
    { id: 'term-structure', option: termStructureOption(report) },
  ];
  for (const p of optional) if (p.option) panels.push({ id: p.id, option: p.option });
  return panels;
}
