import asciichart from 'asciichart';
import Table from 'cli-table3';
import pc from 'picocolors';
import { at } from '../core/at.js';
import type { SummaryPoint } from '../store/types.js';
import { fmtPct, fmtPrice, fmtUsd } from './format.js';
import { DEFAULT_TEXT_WIDTH, fitColumns, pick, wrapText } from './wrap.js';

export interface HistoryTextOptions {
  /** the latest rows shown in the table (every point is charted) */
  readonly rows: number;
  readonly color: boolean;
  /** terminal columns: the charts, the table (dropping columns) and the prose fit them (default 100) */
  readonly width?: number;
}

/** Columns left of a chart's plot: its axis labels (`   12.62 ┤`). */
const CHART_AXIS = 13;

/** The table's columns, the least needed dropped first on a narrow terminal. */
const HISTORY_COLUMNS = [
  { name: 'asOf (UTC)', keep: 9 },
  { name: 'spot', keep: 4 },
  { name: 'net GEX', keep: 8 },
  { name: 'regime', keep: 7 },
  { name: 'nearest flip', keep: 6 },
  { name: 'to flip', keep: 5 },
  { name: 'call wall', keep: 3 },
  { name: 'put wall', keep: 2 },
];

/** Points evenly picked to at most `width` columns, the last one always kept. */
function sample(points: readonly SummaryPoint[], width: number): SummaryPoint[] {
  if (points.length <= width) return [...points];
  const out: SummaryPoint[] = [];
  for (let k = 0; k < width; k++) out.push(at(points, Math.round((k * (points.length - 1)) / (width - 1))));
  return out;
}

/**
 * The stored map over time for one chain: net GEX and spot charted over the whole span, and a table
 * of the latest snapshots (regime, nearest flip and its distance, walls). Classic positioning, all
 * expiries, ±20 %: the summary every stored snapshot carries.
 */
export function renderHistoryText(points: readonly SummaryPoint[], opts: HistoryTextOptions): string {
  const c = opts.color ? pc : pc.createColors(false);
  if (points.length === 0) return 'no stored snapshots in this range';
  const first = at(points, 0);
  const last = at(points, points.length - 1);
  const width = opts.width ?? DEFAULT_TEXT_WIDTH;
  const out: string[] = [];
  out.push(
    c.bold(
      `gexmap history · ${first.venue} ${first.underlying} · ${points.length} snapshots · ${new Date(first.asOf).toISOString()} – ${new Date(last.asOf).toISOString()}`,
    ),
  );
  const negative = points.filter((p) => p.regime === 'negative').length;
  out.push(
    `regime: −GEX in ${negative} of ${points.length} snapshots (${((negative / points.length) * 100).toFixed(1)} %) · summaries: classic positioning, all expiries, flips within ±20 %`,
  );
  if (points.length > 1) {
    const shown = sample(points, width > 0 ? Math.max(8, Math.min(72, width - CHART_AXIS)) : 72);
    const peak = Math.max(...shown.map((p) => Math.abs(p.netGex)));
    const [unit, label] = peak >= 1e9 ? [1e9, 'bn'] : [1e6, 'M'];
    out.push('', c.bold(`Net GEX (USD per 1 % move, ${label})`));
    out.push(
      asciichart.plot(
        shown.map((p) => p.netGex / unit),
        { height: 8, format: (x: number) => x.toFixed(2).padStart(10) },
      ),
    );
    out.push('', c.bold('Spot'));
    out.push(
      asciichart.plot(
        shown.map((p) => p.spot),
        { height: 6, format: (x: number) => fmtPrice(x).padStart(10) },
      ),
    );
  }
  const rows = points.slice(-opts.rows).map((p) => {
    const tone = p.regime === 'positive' ? c.green : c.red;
    return [
      new Date(p.asOf).toISOString().replace('.000Z', 'Z'),
      fmtPrice(p.spot),
      tone(fmtUsd(p.netGex)),
      tone(p.regime === 'positive' ? '+GEX' : '−GEX'),
      fmtPrice(p.nearestFlip),
      fmtPct(p.distanceToFlipPct),
      fmtPrice(p.callWall),
      fmtPrice(p.putWall),
    ];
  });
  const table = fitColumns(HISTORY_COLUMNS, width, (kept) => {
    const t = new Table({
      head: pick(
        HISTORY_COLUMNS.map((h) => h.name),
        kept,
      ),
      style: { head: opts.color ? ['cyan'] : [], border: [] },
    });
    for (const r of rows) t.push(pick(r, kept));
    return t.toString();
  });
  // the title and summary wrap; charts and the table are fitted, not wrapped
  const [title = '', summary = ''] = out;
  return [wrapText(`${title}\n${summary}`, width), ...out.slice(2), '', table].join('\n');
}
