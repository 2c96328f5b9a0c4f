/** The charts against strike: GEX, open interest, DEX, vanna, charm and the per-venue GEX; all open on the GEX window. */
import type { EChartsOption } from 'echarts';
import { compact, price, usd } from '../format.js';
import type { Report } from '../report.js';
import type { LevelMark, Panel } from './chartHost.js';
import { COLORS, SERIES_COLORS } from './colors.js';
import { legend, levelMarks, markLines, strikeAxes, strikesInRange, title, valueAxis } from './strikeView.js';
import { axisTooltip } from './tooltip.js';

type Bar = { name: string; color: string; data: [number, number][]; stack?: string };

function barChart(
  report: Report,
  heading: string,
  bars: readonly Bar[],
  marks: readonly LevelMark[],
  unit?: string,
  fmt: (v: number) => string = (v) => compact(v, unit),
) {
  const option: EChartsOption = {
    animation: false,
    title: title(heading),
    tooltip: axisTooltip((x: number) => `strike ${price(x)}`, fmt),
    legend: legend(),
    ...strikeAxes(report),
    yAxis: valueAxis(),
    series: bars.map((b, i) => ({
      name: b.name,
      type: 'bar' as const,
      color: b.color,
      data: b.data,
      ...(b.stack !== undefined ? { stack: b.stack } : {}),
      ...(i === bars.length - 1 ? { markLine: markLines(marks) } : {}),
    })),
  };
  return option;
}

function gexByStrike(report: Report): Panel {
  const rows = strikesInRange(report, report.byStrike);
  const marks = levelMarks(report, true);
  return {
    id: 'gex-by-strike',
    marks: { axis: 'x', levels: marks },
    option: barChart(
      report,
      'GEX by strike (USD per 1 % move)',
      [
        { name: 'call GEX', color: COLORS.call, stack: 'side', data: rows.map((r) => [r.strike, r.callGex]) },
        { name: 'put GEX', color: COLORS.put, stack: 'side', data: rows.map((r) => [r.strike, r.putGex]) },
        { name: 'net GEX', color: COLORS.net, data: rows.map((r) => [r.strike, r.netGex]) },
      ],
      marks,
      'USD',
    ),
  };
}

function oiByStrike(report: Report): Panel {
  const rows = strikesInRange(report, report.byStrike);
  const marks: LevelMark[] = [{ value: report.spot, text: `spot ${price(report.spot)}`, color: COLORS.spot }];
  const pain = report.maxPain[0];
  if (pain) marks.push({ value: pain.strike, text: `max pain ${price(pain.strike)}`, color: COLORS.pain });
  const option = barChart(
    report,
    'Open interest by strike (contracts: calls up, puts down)',
    [
      { name: 'call OI', color: COLORS.call, data: rows.map((r) => [r.strike, r.callOi]) },
      { name: 'put OI', color: COLORS.put, data: rows.map((r) => [r.strike, -r.putOi]) },
    ],
    marks,
    undefined,
    // puts are drawn downwards; the tooltip says how many contracts
    (v) => compact(Math.abs(v), 'contracts'),
  );
  const series = option.series as object[];
  series.push({
    name: 'OI cluster',
    type: 'scatter',
    symbol: 'diamond',
    symbolSize: 12,
    color: COLORS.cluster,
    data: report.oiClusters.map((k) => [k.strike, k.callOi]),
  });
  return { id: 'oi-by-strike', marks: { axis: 'x', levels: marks }, option };
}

function dexByStrike(report: Report): Panel {
  const rows = strikesInRange(report, report.dex.byStrike);
  const marks = levelMarks(report, true);
  return {
    id: 'dex-by-strike',
    marks: { axis: 'x', levels: marks },
    note: `net DEX ${usd(report.dex.netUsd)} (USD of underlying the dealers hold, + long)`,
    option: barChart(
      report,
      'Dealer delta exposure by strike (USD)',
      [
        { name: 'call DEX', color: COLORS.call, stack: 'side', data: rows.map((r) => [r.strike, r.callDex]) },
        { name: 'put DEX', color: COLORS.put, stack: 'side', data: rows.map((r) => [r.strike, r.putDex]) },
        { name: 'net DEX', color: COLORS.net, data: rows.map((r) => [r.strike, r.netDex]) },
      ],
      marks,
      'USD',
    ),
  };
}

function vannaByStrike(report: Report): Panel {
  const marks = levelMarks(report, false);
  return {
    id: 'vanna-by-strike',
    marks: { axis: 'x', levels: marks },
    note: `total ${usd(report.vanna.perVolPointUsd)} per vol point`,
    option: barChart(
      report,
      'Vanna by strike (dealer delta change per 1 vol point, USD)',
      [
        {
          name: 'vanna',
          color: COLORS.wall,
          data: strikesInRange(report, report.vanna.byStrike).map((r) => [r.strike, r.value]),
        },
      ],
      marks,
      'USD',
    ),
  };
}

function charmByStrike(report: Report): Panel {
  const marks = levelMarks(report, false);
  return {
    id: 'charm-by-strike',
    marks: { axis: 'x', levels: marks },
    note: `total ${usd(report.charm.perDayUsd)} per day`,
    option: barChart(
      report,
      'Charm by strike (dealer delta change per day, USD)',
      [
        {
          name: 'charm',
          color: COLORS.absGamma,
          data: strikesInRange(report, report.charm.byStrike).map((r) => [r.strike, r.value]),
        },
      ],
      marks,
      'USD',
    ),
  };
}

/** Net GEX by strike, one stacked series per venue (absent for a single venue): who holds the map. */
function gexByVenue(report: Report): Panel | undefined {
  const venues = report.venues?.venues;
  if (!venues || venues.length < 2) return undefined;
  const marks = levelMarks(report, true);
  return {
    id: 'gex-by-venue',
    marks: { axis: 'x', levels: marks },
    option: barChart(
      report,
      'Net GEX by strike and venue (USD per 1 % move, stacked)',
      venues.map((v, i) => ({
        name: v.venue,
        color: SERIES_COLORS[i % SERIES_COLORS.length] as string,
        stack: 'venue',
        data: strikesInRange(report, v.byStrike).map((r) => [r.strike, r.netGex] as [number, number]),
      })),
      marks,
      'USD',
    ),
  };
}

/** Net GEX against hypothetical spot, every option re-priced: where it crosses zero is a flip. */
function profile(report: Report): Panel {
  const { spots, netGex } = report.profile;
  const marks = levelMarks(report, false);
  const axes = strikeAxes(report, 'spot');
  return {
    id: 'profile',
    marks: { axis: 'x', levels: marks },
    option: {
      animation: false,
      title: title('Net GEX vs hypothetical spot (every option re-priced)'),
      tooltip: axisTooltip((x: number) => `spot ${price(x)}`, usd),
      legend: legend(),
      ...axes,
      yAxis: valueAxis(),
      series: [
        {
          name: 'net GEX',
          type: 'line',
          color: COLORS.net,
          showSymbol: false,
          data: spots.map((s, j) => [s, netGex[j] ?? 0]),
          lineStyle: { width: 2 },
          areaStyle: { opacity: 0.08 },
          markLine: markLines(marks),
        },
      ],
    },
  };
}

function hedgeFlow(report: Report): Panel | undefined {
  const flow = report.hedgeFlow;
  if (!flow || flow.spots.length === 0) return undefined;
  const marks: LevelMark[] = [{ value: report.spot, text: `spot ${price(report.spot)}`, color: COLORS.spot }];
  return {
    id: 'hedge-flow',
    marks: { axis: 'x', levels: marks },
    option: {
      animation: false,
      title: title('Dealer hedge flow for a move (USD: + buy, − sell)'),
      tooltip: axisTooltip((x: number) => `spot after the move ${price(x)}`, usd),
      legend: legend(),
      grid: { left: 64, right: 24, top: 36, bottom: 78 },
      xAxis: {
        type: 'value',
        scale: true,
        name: 'spot after the move',
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { formatter: (v: number) => compact(v), hideOverlap: true },
      },
      yAxis: valueAxis(),
      series: [
        {
          name: 'exact re-pricing',
          type: 'line',
          color: COLORS.net,
          showSymbol: false,
          data: flow.spots.map((x, j) => [x, flow.flowUsd[j] ?? 0]),
          lineStyle: { width: 2 },
          markLine: markLines(marks),
        },
        {
          name: 'linear (gamma)',
          type: 'line',
          color: COLORS.flip,
          showSymbol: false,
          data: flow.spots.map((x, j) => [x, flow.linearUsd[j] ?? 0]),
          lineStyle: { type: 'dashed' },
        },
      ],
    },
  };
}

/** The strike charts in display order (the optional ones only when the report has their data). */
export function strikePanels(report: Report): Panel[] {
  const panels = [
    gexByStrike(report),
    gexByVenue(report),
    oiByStrike(report),
    profile(report),
    dexByStrike(report),
    vannaByStrike(report),
    charmByStrike(report),
    hedgeFlow(report),
  ];
  return panels.filter((p): p is Panel => p !== undefined);
}
