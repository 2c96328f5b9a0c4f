import type { VenueBreakdown } from '../analytics/venues.js';
import { at } from '../core/at.js';
import { fmtCount, fmtStrike, fmtUsd } from './format.js';

const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const wall = (x: number | null) => (x === null ? '—' : fmtStrike(x));

/** The per-venue table of an aggregated map. */
export function renderVenuesText(b: VenueBreakdown): string {
  const header = ['venue', 'options', 'net GEX', 'share of net', 'share of gross', 'call wall', 'put wall'];
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
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(at(widths, i)) : c.padStart(at(widths, i)))).join('  ');
  return [`By venue (net GEX ${fmtUsd(b.netGex)} USD / 1 %)`, line(header), ...rows.map(line), b.rule].join('\n');
}
