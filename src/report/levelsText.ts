import type { FullReport } from '../analytics/fullReport.js';
import type { KeyLevel } from '../analytics/keyLevels.js';
import { at } from '../core/at.js';
import { fmtPct, fmtPrice } from './format.js';
import { renderLevelsPine } from './levelsPine.js';
import { fitColumns, pick, wrapText } from './wrap.js';

/** What the levels outputs read of a report. */
export type LevelsReport = Pick<
  FullReport,
  'asOf' | 'venue' | 'underlying' | 'source' | 'spot' | 'positioning' | 'keyLevels' | 'conventions'
>;

export const LEVEL_FORMATS = ['table', 'csv', 'json', 'pine'] as const;
export type LevelFormat = (typeof LEVEL_FORMATS)[number];

/** The HTTP content type of each format. */
export const LEVEL_CONTENT_TYPES: Record<LevelFormat, string> = {
  table: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pine: 'text/plain; charset=utf-8',
};

/** The conventions the levels stand on. */
const LEVEL_CONVENTIONS = ['keyLevels', 'gex', 'positioning', 'expiries', 'gammaFlip', 'walls', 'weight', 'caveat'];

/** The JSON document of `gexmap levels --format json` and the API's `format=json`. */
export function levelsDocument(report: LevelsReport) {
  const conventions = Object.fromEntries(
    LEVEL_CONVENTIONS.flatMap((key) => (report.conventions[key] === undefined ? [] : [[key, report.conventions[key]]])),
  );
  return {
    asOf: report.asOf,
    venue: report.venue,
    underlying: report.underlying,
    source: report.source,
    spot: report.spot,
    positioning: report.positioning,
    conventions,
    keyLevels: report.keyLevels,
  };
}

const valueText = (l: KeyLevel) => (l.value === undefined ? '' : String(l.value));

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `kind,price,distancePct,label,expiry,value`, one row per level, numbers with every digit. */
export function renderLevelsCsv(report: LevelsReport): string {
  const rows = report.keyLevels.map((l) =>
    [l.kind, String(l.price), String(l.distancePct), l.label, l.expiry ?? '', valueText(l)].map(csvField).join(','),
  );
  return `${['kind,price,distancePct,label,expiry,value', ...rows].join('\n')}\n`;
}

/** The table's columns, the least needed dropped first on a narrow terminal. */
const LEVEL_COLUMNS = [
  { name: 'price', keep: 9 },
  { name: 'distance', keep: 4 },
  { name: 'kind', keep: 5 },
  { name: 'level', keep: 7 },
];

/**
 * The levels as an aligned table, highest price first (as they stand on a chart), spot marked in
 * place; fitted to `width` columns by dropping columns (0: all of them).
 */
export function renderLevelsTable(report: LevelsReport, width = 0): string {
  const header = ['price', 'distance', 'kind', 'level'];
  const rows: string[][] = [];
  let spotShown = false;
  const spotRow: string[] = [];
  // highest first; levels at one price keep their kind order (a stable sort)
  for (const l of [...report.keyLevels].sort((a, b) => b.price - a.price)) {
    if (!spotShown && l.price < report.spot) {
      rows.push(spotRow);
      spotShown = true;
    }
    rows.push([fmtPrice(l.price), fmtPct(l.distancePct), l.kind, l.label]);
  }
  if (!spotShown) rows.push(spotRow);
  const table = fitColumns(LEVEL_COLUMNS, width, (kept) => {
    // spot is marked in the last text column shown
    const spotAt = [3, 2, 0].find((i) => kept.includes(i)) ?? 0;
    const cells = [header, ...rows].map((r) =>
      r === spotRow ? header.map((_, i) => (i === spotAt ? `spot ${fmtPrice(report.spot)}` : '')) : r,
    );
    const widths = header.map((_, i) => Math.max(...cells.map((r) => at(r, i).length)));
    const line = (r: string[]) =>
      pick(
        r.map((c, i) => (i < 2 ? c.padStart(at(widths, i)) : c.padEnd(at(widths, i)))),
        kept,
      )
        .join('  ')
        .trimEnd();
    return cells.map(line).join('\n');
  });
  // the prose around the table wraps; the table keeps its rows whole
  return [
    wrapText(
      `gexmap levels · ${report.venue} ${report.underlying} · ${report.asOf} · spot ${fmtPrice(report.spot)} · ${report.positioning} positioning`,
      width,
    ),
    table,
    '',
    wrapText(`levels: ${report.conventions.keyLevels ?? ''}\ncaveat: ${report.conventions.caveat ?? ''}`, width),
  ].join('\n');
}

/** The key levels in one of the formats. */
export function renderLevels(report: LevelsReport, format: LevelFormat, width = 0): string {
  switch (format) {
    case 'table':
      return `${renderLevelsTable(report, width)}\n`;
    case 'csv':
      return renderLevelsCsv(report);
    case 'json':
      return `${JSON.stringify(levelsDocument(report))}\n`;
    case 'pine':
      return renderLevelsPine(report);
  }
}
