import asciichart from 'asciichart';
import Table from 'cli-table3';
import pc from 'picocolors';
import type { GexReport } from '../analytics/gexReport.js';
import { at } from '../core/at.js';
import { fmtCount, fmtPct, fmtPrice, fmtStrike, fmtUsd } from './format.js';
import { netGexBarChart, strikesAroundSpot } from './strikeChart.js';
import { DEFAULT_TEXT_WIDTH, wrapText } from './wrap.js';

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

function profileChart(report: GexReport, width = 72, height = 12): string {
  const { spots, netGex } = report.profile;
  if (spots.length < 2) return '';
  const peak = Math.max(...netGex.map(Math.abs));
  const [unit, label] = peak >= 1e9 ? [1e9, 'bn'] : [1e6, 'M'];
  const step = Math.max(1, Math.floor(spots.length / width));
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
  out.push(`${c.bold('Regime')}           ${regimeColor(report.regime.toUpperCase())}: ${report.regimeMeaning}`);
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
  const table = new Table({
    head: ['strike', 'call OI', 'put OI', 'call GEX', 'put GEX', 'net GEX', ''],
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'left'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: opts.color ? ['cyan'] : [], border: opts.color ? ['grey'] : [] },
  });
  for (const r of [...rows].sort((a, b) => b.strike - a.strike)) {
    const tags: string[] = [];
    if (r.strike === report.callWall) tags.push('call wall');
    if (r.strike === report.putWall) tags.push('put wall');
    if (report.maxPain[0] && r.strike === report.maxPain[0].strike) tags.push('max pain (next)');
    if (report.oiClusters.some((k) => k.strike === r.strike)) tags.push('OI cluster');
    table.push([
      fmtStrike(r.strike),
      fmtCount(r.callOi),
      fmtCount(r.putOi),
      fmtUsd(r.callGex),
      fmtUsd(r.putGex),
      fmtUsd(r.netGex),
      tags.join(', '),
    ]);
  }
  out.push(c.bold(`GEX by strike around spot (USD per 1 % move; ${rows.length} strikes nearest spot)`));
  out.push(table.toString());
  out.push('');
  out.push(c.bold('Net GEX by strike (bars left: dealers short gamma, right: long)'));
  out.push(
    netGexBarChart(rows, {
      spot: report.spot,
      flip: report.nearestFlip,
      callWall: report.callWall,
      putWall: report.putWall,
    }),
  );
  out.push('');
  out.push(c.bold('Net GEX profile: net GEX (USD per 1 %) with every option re-priced at a hypothetical spot'));
  out.push(profileChart(report));
  if (opts.conventions !== false) out.push('', renderConventions(report, opts.color));
  return wrapText(out.join('\n'), opts.width ?? DEFAULT_TEXT_WIDTH);
}

/** Every convention behind the numbers, one per line: printed last, after all sections. */
export function renderConventions(report: Pick<GexReport, 'conventions'>, color = false): string {
  const c = color ? pc : pc.createColors(false);
  return [c.bold('Conventions'), ...Object.entries(report.conventions).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}
