import type { VenueBreakdown } from '../analytics/venues.js';
import { at } from '../core/at.js';
import { fmtCount, fmtStrike, fmtUsd } from './format.js';
import { fitColumns, pick, wrapText } from './wrap.js';

const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const wall = (x: number | null) => (x === null ? '—' : fmtStrike(x));

/** The table's columns, the least needed dropped first on a narrow terminal. */
const VENUE_COLUMNS = [
  { name: 'venue', keep: 9 },
  { name: 'options', keep: 2 },
  { name: 'net GEX', keep: 8 },
  { name: 'share of net', keep: 7 },
  { name: 'share of gross', keep: 3 },
  { name: 'call wall', keep: 5 },
  { name: 'put wall', keep: 4 },
];

/** The per-venue table of an aggregated map, fitted to `width` columns by dropping columns (0: all). */
export function renderVenuesText(b: VenueBreakdown, width = 0): string {
  const header = VENUE_COLUMNS.map((c) => c.name);
  const rows = b.venues.map((v) => [
    v.venue,
    fmtCount(v.options),
    fmtUsd(v.netGex),
    share(v.shareOfNet),
    share(v.shareOfGross),
    wall(v.callWall),
    wall(v.putWall),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[], kept: readonly number[]) =>
    pick(
      cells.map((c, i) => (i === 0 ? c.padEnd(at(widths, i)) : c.padStart(at(widths, i)))),
      kept,
    ).join('  ');
  const table = fitColumns(VENUE_COLUMNS, width, (kept) => [header, ...rows].map((r) => line(r, kept)).join('\n'));
  return [wrapText(`By venue (net GEX ${fmtUsd(b.netGex)} USD / 1 %)`, width), table, wrapText(b.rule, width)].join(
    '\n',
  );
}
