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
  readonly hedgeFlow?: { readonly points?: readonly { move?: number; spot: number; exact: number; linear: number }[] };
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

export function gexByStrikeOption(report: ChartReport): EChartsOption {
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

export function oiByStrikeOption(report: ChartReport): EChartsOption {
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

export function profileOption(report: ChartReport): EChartsOption {
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

export function hedgeFlowOption(report: ChartReport): EChartsOption | undefined {
  const points = report.hedgeFlow?.points;
  if (!points || points.length === 0) return undefined;
  return {
    ...base('Dealer hedge flow for a move (USD: + buy, − sell)'),
    xAxis: { type: 'value', scale: true, name: 'spot after move', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', axisLabel: { formatter: fmtMoney }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'exact re-pricing',
        type: 'line',
        showSymbol: false,
        data: points.map((p) => [p.spot, p.exact]),
        lineStyle: { color: COLORS.net, width: 2 },
      },
      {
        name: 'linear (gamma)',
        type: 'line',
        showSymbol: false,
        data: points.map((p) => [p.spot, p.linear]),
        lineStyle: { color: COLORS.flip, type: 'dashed' },
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
  const flow = hedgeFlowOption(report);
  if (flow) panels.push({ id: 'hedge-flow', option: flow });
  return panels;
}
