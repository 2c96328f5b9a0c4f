import type { StrikeRow } from '../analytics/byStrike.js';
import { fmtStrike, fmtUsd } from './format.js';

export interface ChartMarkers {
  readonly spot: number;
  readonly flip: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
}

/** Picks the `count` strikes nearest spot (in strike order). */
export function strikesAroundSpot(rows: readonly StrikeRow[], spot: number, count: number): StrikeRow[] {
  const nearest = [...rows].sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot)).slice(0, count);
  return nearest.sort((a, b) => a.strike - b.strike);
}

const wallTags = (r: StrikeRow, markers: ChartMarkers) => [
  ...(r.strike === markers.callWall ? ['call wall'] : []),
  ...(r.strike === markers.putWall ? ['put wall'] : []),
];

const markerTexts = (markers: ChartMarkers) => [
  `spot ${fmtStrike(markers.spot)}`,
  ...(markers.flip === null ? [] : [`flip ${fmtStrike(Math.round(markers.flip))}`]),
];

/**
 * The widest bars (each half at most `most` columns) that keep every line of the chart within
 * `width`; the wall tags are left off when keeping them would leave bars under 6 columns.
 * `width` 0: `most`, with tags.
 */
export function barChartLayout(
  rows: readonly StrikeRow[],
  markers: ChartMarkers,
  width: number,
  most = 30,
): { halfWidth: number; tags: boolean } {
  if (width <= 0 || rows.length === 0) return { halfWidth: most, tags: true };
  const label = Math.max(...rows.map((r) => fmtStrike(r.strike).length));
  const marker = Math.max(...markerTexts(markers).map((t) => t.length + 3));
  const half = (tags: boolean) => {
    const tail = Math.max(
      marker,
      ...rows.map((r) => {
        const t = tags ? wallTags(r, markers) : [];
        return 1 + fmtUsd(r.netGex).length + (t.length ? `  ← ${t.join(', ')}`.length : 0);
      }),
    );
    return Math.floor((width - label - 2 - tail) / 2);
  };
  const withTags = half(true);
  if (withTags >= 6) return { halfWidth: Math.min(most, withTags), tags: true };
  return { halfWidth: Math.max(2, Math.min(most, half(false))), tags: false };
}

/**
 * Horizontal bar chart of net GEX by strike: bars grow left (negative) or right (positive) of a
 * zero axis; a line marks where spot and the nearest flip fall between strikes, and walls are tagged.
 */
export function netGexBarChart(
  rows: readonly StrikeRow[],
  markers: ChartMarkers,
  halfWidth = 30,
  options: { readonly tags?: boolean } = {},
): string {
  if (rows.length === 0) return '(no strikes in view)';
  const scale = Math.max(...rows.map((r) => Math.abs(r.netGex))) || 1;
  const labelWidth = Math.max(...rows.map((r) => fmtStrike(r.strike).length));
  const lines: string[] = [];
  const [spotText = '', flipText] = markerTexts(markers);
  const marks: { at: number; text: string }[] = [{ at: markers.spot, text: spotText }];
  if (markers.flip !== null && flipText !== undefined) marks.push({ at: markers.flip, text: flipText });
  marks.sort((a, b) => a.at - b.at);
  let m = 0;
  const markerLine = (text: string) =>
    `${' '.repeat(labelWidth)} ${'┄'.repeat(halfWidth)}┼${'┄'.repeat(halfWidth)} ◀ ${text}`;
  // Strikes descend top to bottom, as on a price ladder.
  const ordered = [...rows].sort((a, b) => b.strike - a.strike);
  const descMarks = [...marks].reverse();
  for (const r of ordered) {
    for (let mark = descMarks[m]; mark !== undefined && mark.at > r.strike; mark = descMarks[++m]) {
      lines.push(markerLine(mark.text));
    }
    const len = Math.round((Math.abs(r.netGex) / scale) * halfWidth);
    const left = r.netGex < 0 ? `${' '.repeat(halfWidth - len)}${'█'.repeat(len)}` : ' '.repeat(halfWidth);
    const right = r.netGex > 0 ? `${'█'.repeat(len)}${' '.repeat(halfWidth - len)}` : ' '.repeat(halfWidth);
    const tags = options.tags === false ? [] : wallTags(r, markers);
    lines.push(
      `${fmtStrike(r.strike).padStart(labelWidth)} ${left}│${right} ${fmtUsd(r.netGex)}${tags.length ? `  ← ${tags.join(', ')}` : ''}`,
    );
  }
  for (const mark of descMarks.slice(m)) lines.push(markerLine(mark.text));
  return lines.join('\n');
}
