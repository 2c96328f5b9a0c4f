import asciichart from 'asciichart';
import Table from 'cli-table3';
import pc from 'picocolors';
import type { StrikeRow } from '../analytics/byStrike.js';
import type { GexReport } from '../analytics/gexReport.js';
import { at } from '../core/at.js';
import { fmtCount, fmtPct, fmtPrice, fmtStrike, fmtUsd } from './format.js';
import { barChartLayout, netGexBarChart, strikesAroundSpot } from './strikeChart.js';
import { DEFAULT_TEXT_WIDTH, fitColumns, pick, wrapText } from './wrap.js';

export interface TextReportOptions {
  /** strikes shown in the table and bar chart, nearest spot first (default 25, as the CLI) */
  readonly rows?: number;
  /** ANSI colours (default false) */
  readonly color?: boolean;
  /** append the conventions (default true); callers that add sections print them last themselves */
  readonly conventions?: boolean;
  /** columns long lines are wrapped to (default 100; 0: no wrapping) */
  readonly width?: number;
}

/** Columns left of the profile chart's plot: its axis labels (`   12.62 bn ┤`). */
const PROFILE_AXIS = 14;

function profileChart(report: GexReport, width = 72, height = 12): string {
  const { spots, netGex } = report.profile;
  if (spots.length < 2) return '';
  const peak = Math.max(...netGex.map(Math.abs));
  const [unit, label] = peak >= 1e9 ? [1e9, 'bn'] : [1e6, 'M'];
  // at most `width` points, so that the plot is no wider
  const step = Math.max(1, Math.ceil(spots.length / width));
  const series: number[] = [];
  for (let j = 0; j < spots.length; j += step) series.push((netGex[j] ?? 0) / unit);
  const chart = asciichart.plot(series, { height, format: (x: number) => `${x.toFixed(2).padStart(9)} ${label}` });
  const first = fmtStrike(Math.round(at(spots, 0)));
  const last = fmtStrike(Math.round(at(spots, spots.length - 1)));
  const axis = `${' '.repeat(13)}${first}${' '.repeat(Math.max(1, series.length - first.length - last.length))}${last}`;
  // Under the axis: where spot (S) and the flips (F) fall on the log-spaced grid.
  const marks = Array.from({ length: series.length }, () => ' ');
  const column = (price: number) =>
    Math.round(
      (Math.log(price / at(spots, 0)) / Math.log(at(spots, spots.length - 1) / at(spots, 0))) * (series.length - 1),
    );
  for (const f of report.gammaFlips) marks[column(f)] = 'F';
  marks[column(report.spot)] = 'S';
  const markLine = `${' '.repeat(13)}${marks.join('').trimEnd()}`;
  return `${chart}\n${axis}\n${markLine}\n${' '.repeat(13)}S = spot, F = gamma flip`;
}

/** The readable summary, strike table and charts of a GEX report. */
export function renderTextReport(report: GexReport, options: TextReportOptions = {}): string {
  const opts = { rows: 25, color: false, ...options };
  const c = opts.color ? pc : pc.createColors(false);
  const out: string[] = [];
  const regimeColor = report.regime === 'positive' ? c.green : c.red;
  out.push(c.bold(`gexmap · ${report.venue} ${report.underlying} · ${report.asOf} · spot ${fmtPrice(report.spot)}`));
  out.push(`source: ${report.source}`);
  out.push(`positioning: ${report.conventions.positioning}`);
  out.push(
    `expiries: ${report.conventions.expiries} (${report.counts.expiries} expiries, ${report.counts.options} options)`,
  );
  out.push('');
  out.push(
    `${c.bold('Net GEX at spot')}  ${regimeColor(fmtUsd(report.netGex))} USD per 1 % move  (calls ${fmtUsd(report.callGex)}, puts ${fmtUsd(report.putGex)})`,
  );
  // the regime in one word; what it means on the line below, wrapped under it
  out.push(`${c.bold('Regime')}           ${regimeColor(report.regime.toUpperCase())}`);
  out.push(`                 ${report.regimeMeaning}`);
  const search = report.flipSearch;
  if (report.gammaFlips.length === 0) {
    out.push(
      search.certified
        ? `${c.bold('Gamma flip')}       no flip within ${fmtPrice(report.range.lo)} – ${fmtPrice(report.range.hi)}: net GEX keeps one sign over the whole range`
        : `${c.bold('Gamma flip')}       no flip found within ${fmtPrice(report.range.lo)} – ${fmtPrice(report.range.hi)}; search not certified: ${search.reason}`,
    );
  } else {
    out.push(
      `${c.bold('Gamma flip')}       nearest ${fmtPrice(report.nearestFlip)} (${fmtPct(report.distanceToFlipPct)} from spot)`,
    );
    if (report.gammaFlips.length > 1)
      out.push(`                 all flips in range: ${report.gammaFlips.map((f) => fmtPrice(f)).join(', ')}`);
    if (!search.certified) out.push(`                 search not certified: ${search.reason}`);
  }
  if (search.touches.length > 0)
    out.push(
      `                 net GEX touches zero without changing sign at ${search.touches.map((f) => fmtPrice(f)).join(', ')}`,
    );
  out.push(
    `${c.bold('Call wall')}        ${fmtPrice(report.callWall)}    ${c.bold('Put wall')} ${fmtPrice(report.putWall)}    ${c.bold('Abs-gamma strike')} ${fmtPrice(report.absGammaStrike)}`,
  );
  const pains = report.maxPain.slice(0, 6).map((m) => `${m.expiry.slice(0, 10)} ${fmtStrike(m.strike)}`);
  out.push(
    `${c.bold('Max pain')}         ${pains.join(' · ')}${report.maxPain.length > 6 ? ` · … (${report.maxPain.length} expiries)` : ''}`,
  );
  const clusters = report.oiClusters.map(
    (k) => `${fmtStrike(k.strike)} (${fmtCount(k.totalOi)} OI, ${k.side}, z ${k.zScore.toFixed(1)})`,
  );
  out.push(`${c.bold('OI clusters')}      ${clusters.length ? clusters.join(' · ') : 'none stands out'}`);
  const dropped = Object.entries(report.dropped).map(([k, v]) => `${k} ${v}`);
  out.push(`${c.bold('Dropped rows')}     ${dropped.length ? dropped.join(', ') : 'none'}`);
  if (report.counts.unpositioned > 0)
    out.push(`                 ${report.counts.unpositioned} options have no supplied position (held at 0)`);
  out.push('');

  const rows = strikesAroundSpot(report.byStrike, report.spot, opts.rows);
  const width = opts.width ?? DEFAULT_TEXT_WIDTH;
  out.push(c.bold(`GEX by strike around spot (USD per 1 % move; ${rows.length} strikes nearest spot)`));
  out.push(strikeTable(report, rows, opts.color, width));
  out.push('');
  out.push(c.bold('Net GEX by strike (bars left: dealers short gamma, right: long)'));
  const markers = {
    spot: report.spot,
    flip: report.nearestFlip,
    callWall: report.callWall,
    putWall: report.putWall,
  };
  const bars = barChartLayout(rows, markers, width);
  out.push(netGexBarChart(rows, markers, bars.halfWidth, { tags: bars.tags }));
  out.push('');
  out.push(c.bold('Net GEX profile: net GEX (USD per 1 %) with every option re-priced at a hypothetical spot'));
  out.push(profileChart(report, width > 0 ? Math.max(8, Math.min(72, width - PROFILE_AXIS)) : 72));
  if (opts.conventions !== false) out.push('', renderConventions(report, opts.color));
  return wrapText(out.join('\n'), width);
}

/** The strike table's columns, the least needed dropped first on a narrow terminal. */
const STRIKE_COLUMNS = [
  { name: 'strike', keep: 9 },
  { name: 'call OI', keep: 2 },
  { name: 'put OI', keep: 1 },
  { name: 'call GEX', keep: 4 },
  { name: 'put GEX', keep: 3 },
  { name: 'net GEX', keep: 8 },
  { name: 'level tags', keep: 5 },
];

function strikeTable(report: GexReport, rows: readonly StrikeRow[], color: boolean, width: number): string {
  const cells = [...rows]
    .sort((a, b) => b.strike - a.strike)
    .map((r) => {
      const tags: string[] = [];
      if (r.strike === report.callWall) tags.push('call wall');
      if (r.strike === report.putWall) tags.push('put wall');
      if (report.maxPain[0] && r.strike === report.maxPain[0].strike) tags.push('max pain (next)');
      if (report.oiClusters.some((k) => k.strike === r.strike)) tags.push('OI cluster');
      return [
        fmtStrike(r.strike),
        fmtCount(r.callOi),
        fmtCount(r.putOi),
        fmtUsd(r.callGex),
        fmtUsd(r.putGex),
        fmtUsd(r.netGex),
        tags.join(', '),
      ];
    });
  const head = ['strike', 'call OI', 'put OI', 'call GEX', 'put GEX', 'net GEX', ''];
  const aligns = ['right', 'right', 'right', 'right', 'right', 'right', 'left'] as const;
  return fitColumns(STRIKE_COLUMNS, width, (kept) => {
    const table = new Table({
      head: pick(head, kept),
      colAligns: pick(aligns, kept),
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    });
    for (const r of cells) table.push(pick(r, kept));
    return table.toString();
  });
}
/** Every convention behind the numbers, one per line: printed last, after all sections. */
export function renderConventions(report: Pick<GexReport, 'conventions'>, color = false): string {
  const c = color ? pc : pc.createColors(false);
  return [c.bold('Conventions'), ...Object.entries(report.conventions).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}
