import type { FullReport } from '../analytics/fullReport.js';
import type { KeyLevel, KeyLevelKind } from '../analytics/keyLevels.js';
import { isPrintable } from '../core/escape.js';

/** How each kind is drawn: colour and line style. */
const STYLE: Record<KeyLevelKind, { readonly color: string; readonly line: string }> = {
  'gamma-flip': { color: 'color.orange', line: 'hline.style_dashed' },
  'call-wall': { color: 'color.green', line: 'hline.style_solid' },
  'put-wall': { color: 'color.red', line: 'hline.style_solid' },
  'abs-gamma': { color: 'color.purple', line: 'hline.style_solid' },
  'max-pain': { color: 'color.blue', line: 'hline.style_dotted' },
  'oi-cluster': { color: 'color.gray', line: 'hline.style_dotted' },
  'expected-move': { color: 'color.teal', line: 'hline.style_dashed' },
};

/**
 * A Pine string literal: backslashes and quotes escaped; a character a terminal message would escape
 * (controls, a line break, bidi marks) becomes a space, so a label stays one line of the script.
 */
export function pineString(text: string): string {
  let clean = '';
  for (const ch of text) clean += isPrintable(ch) ? ch : ' ';
  return `"${clean.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

/** A price with every digit it has (the shortest text that reads back as the same double), never an exponent. */
export function pineNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`level price (${value}) must be a finite number`);
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(12).replace(/\.?0+$/, '') : text;
}

/** A price as a label shows it: cents above 100, six significant digits below. */
const shownPrice = (p: number) => (Math.abs(p) >= 100 ? p.toFixed(2) : String(Number(p.toPrecision(6))));

const levelText = (l: KeyLevel) => `${l.label} ${shownPrice(l.price)}`;

/** The levels grouped by price: one label per price (drawn in the first level's colour), so levels at one strike do not overprint. */
function byPrice(levels: readonly KeyLevel[]): { price: number; text: string; kind: KeyLevelKind }[] {
  const groups: { price: number; labels: string[]; kind: KeyLevelKind }[] = [];
  for (const l of levels) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.price === l.price) last.labels.push(l.label);
    else groups.push({ price: l.price, labels: [l.label], kind: l.kind });
  }
  return groups.map((g) => ({ price: g.price, kind: g.kind, text: `${g.labels.join(' · ')} ${shownPrice(g.price)}` }));
}

/**
 * A TradingView Pine Script v6 indicator that draws each key level as a horizontal line titled with its
 * label, and writes the labels beside the last bar (those of one price in one label), so the map can be
 * pasted onto one's own chart.
 */
export function renderLevelsPine(
  report: Pick<FullReport, 'asOf' | 'venue' | 'underlying' | 'spot' | 'positioning' | 'keyLevels'>,
): string {
  const title = `gexmap ${report.underlying} levels ${report.asOf.slice(0, 16).replace('T', ' ')}Z`;
  const out = [
    '//@version=6',
    `// gexmap key levels: ${report.venue} ${report.underlying}, as of ${report.asOf}, spot ${pineNumber(report.spot)}, ${report.positioning} positioning`,
    '// A map of dealer hedging mechanics (where moves may fade or run), not a trading signal.',
    `indicator(${pineString(title)}, overlay=true, max_labels_count=500)`,
  ];
  report.keyLevels.forEach((l) => {
    const s = STYLE[l.kind];
    out.push(`hline(${pineNumber(l.price)}, ${pineString(levelText(l))}, color=${s.color}, linestyle=${s.line})`);
  });
  const labels = byPrice(report.keyLevels);
  labels.forEach((l, j) => {
    const s = STYLE[l.kind];
    out.push(
      `var label level${j} = label.new(bar_index, ${pineNumber(l.price)}, ${pineString(l.text)}, style=label.style_label_left, color=color.new(${s.color}, 100), textcolor=${s.color}, size=size.small)`,
    );
  });
  if (labels.length > 0) {
    out.push('if barstate.islast');
    labels.forEach((_, j) => {
      out.push(`    label.set_x(level${j}, bar_index)`);
    });
  }
  return `${out.join('\n')}\n`;
}
