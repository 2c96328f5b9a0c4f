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

/**
 * Horizontal bar chart of net GEX by strike: bars grow left (negative) or right (positive) of a
 * zero axis; a line marks where spot and the nearest flip fall between strikes, and walls are tagged.
 */
export function netGexBarChart(rows: readonly StrikeRow[], markers: ChartMarkers, halfWidth = 30): string {
  if (rows.length === 0) return '(no strikes in view)';
  const scale = Math.max(...rows.map((r) => Math.abs(r.netGex))) || 1;
  const labelWidth = Math.max(...rows.map((r) => fmtStrike(r.strike).length));
  const lines: string[] = [];
  const marks: { at: number; text: string }[] = [{ at: markers.spot, text: `spot ${fmtStrike(markers.spot)}` }];
  if (markers.flip !== null) marks.push({ at: markers.flip, text: `flip ${fmtStrike(Math.round(markers.flip))}` });
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
    const tags: string[] = [];
    if (r.strike === markers.callWall) tags.push('call wall');
    if (r.strike === markers.putWall) tags.push('put wall');
    lines.push(
      `${fmtStrike(r.strike).padStart(labelWidth)} ${left}│${right} ${fmtUsd(r.netGex)}${tags.length ? `  ← ${tags.join(', ')}` : ''}`,
    );
  }
  for (const mark of descMarks.slice(m)) lines.push(markerLine(mark.text));
  return lines.join('\n');
}
