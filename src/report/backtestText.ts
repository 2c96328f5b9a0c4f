/** The text of `gexmap backtest`: the groups as tables fitted to the terminal, the prose wrapped. */
import type { BacktestResult, GroupRow } from '../history/backtest.js';
import { fitColumns, pick, wrapText } from './wrap.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The table's columns, the least needed dropped first on a narrow terminal. */
const BACKTEST_COLUMNS = [
  { name: 'group', keep: 9 },
  { name: 'count', keep: 7 },
  { name: 'realised vol (95 % CI)', keep: 8 },
  { name: '|return| % (95 % CI)', keep: 5 },
];

function cells(g: GroupRow): string[] {
  return [
    g.group,
    String(g.count),
    `${pct(g.meanVol)} (${pct(g.volCi[0])} – ${pct(g.volCi[1])})`,
    `${g.meanAbsReturnPct.toFixed(2)} (${g.absReturnCi[0].toFixed(2)} – ${g.absReturnCi[1].toFixed(2)})`,
  ];
}

/** Rows of padded cells: names left-aligned, the count right-aligned, two spaces between columns. */
function table(rows: readonly GroupRow[], width: number): string {
  const grid = [BACKTEST_COLUMNS.map((c) => c.name), ...rows.map(cells)];
  return fitColumns(BACKTEST_COLUMNS, width, (kept) => {
    const shown = grid.map((r) => pick(r, kept));
    const widths = kept.map((_, j) => Math.max(...shown.map((r) => (r[j] ?? '').length)));
    return shown
      .map((r) =>
        r
          .map((c, j) => (kept[j] === 1 ? c.padStart(widths[j] ?? 0) : c.padEnd(widths[j] ?? 0)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n');
  });
}

/** `width` 0 prints every column whatever its width (the library default, as before). */
export function renderBacktestText(r: BacktestResult, width = 0): string {
  const wrap = (text: string) => (width > 0 ? wrapText(text, width) : text);
  const lines = [
    wrap(
      `gexmap backtest · horizon ${r.horizonHours} h · ${r.evaluated} of ${r.snapshots} snapshots with a full window`,
    ),
    '',
    'by regime',
    table(r.byRegime, width),
    '',
    'by distance to the nearest flip',
    table(r.byDistance, width),
    '',
    wrap(
      r.negMinusPosVol
        ? `−GEX minus +GEX realised vol: ${pct(r.negMinusPosVol.value)} (95 % CI ${pct(r.negMinusPosVol.ci[0])} – ${pct(r.negMinusPosVol.ci[1])})`
        : '−GEX minus +GEX realised vol: needs snapshots of both regimes',
    ),
    '',
    ...Object.entries(r.conventions).map(([k, v]) => wrap(`${k}: ${v}`)),
  ];
  return lines.join('\n');
}
