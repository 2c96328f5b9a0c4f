import type { FlowComparison, PositioningSummary } from '../analytics/flowComparison.js';
import type { FlowCoverage } from '../positioning/flow.js';
import { fmtPct, fmtPrice, fmtUsd } from './format.js';
import { wrapText } from './wrap.js';

const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

/** The coverage of the flow model in one line. */
function describeCoverage(c: FlowCoverage): string {
  return `the tape explains ${(c.share * 100).toFixed(1)} % of open interest (${c.explained.toLocaleString('en-US', { maximumFractionDigits: 1 })} of ${c.openInterest.toLocaleString('en-US', { maximumFractionDigits: 1 })} contracts; ${c.traded} of ${c.options} options traded, ${c.capped} bounded by OI) · ${c.trades.toLocaleString('en-US')} trades (${c.blockTrades} block) from ${iso(c.firstTrade)} to ${iso(c.lastTrade)}`;
}

/** The side-by-side block of the text report. */
export function renderFlowComparison(cmp: FlowComparison, width = 0): string {
  const rows: [string, (s: PositioningSummary) => string][] = [
    ['Net GEX (USD per 1 %)', (s) => fmtUsd(s.netGex)],
    ['Regime', (s) => s.regime.toUpperCase()],
    [
      'Nearest flip',
      (s) => (s.nearestFlip === null ? 'none in range' : `${fmtPrice(s.nearestFlip)} (${fmtPct(s.distanceToFlipPct)})`),
    ],
    ['Call wall', (s) => fmtPrice(s.callWall)],
    ['Put wall', (s) => fmtPrice(s.putWall)],
    ['Abs-gamma strike', (s) => fmtPrice(s.absGammaStrike)],
  ];
  const w0 = Math.max(...rows.map(([k]) => k.length));
  const cells = rows.map(([k, f]) => [k, f(cmp.classic), f(cmp.flow)] as const);
  const w1 = Math.max('classic'.length, ...cells.map((c) => c[1].length));
  const side = [
    `  ${''.padEnd(w0)}  ${'classic'.padStart(w1)}  flow`,
    ...cells.map(([k, a, b]) => `  ${k.padEnd(w0)}  ${a.padStart(w1)}  ${b}`),
  ];
  // too narrow for the two side by side: each measure on a line of its own, then its two values
  const stacked = cells.flatMap(([k, a, b]) => [`  ${k}`, `    classic ${a}`, `    flow    ${b}`]);
  const fits = width <= 0 || Math.max(...side.map((l) => [...l].length)) <= width;
  return wrapText(
    [
      'Positioning: classic vs flow (dealer positions from the trade tape)',
      ...(fits ? side : stacked),
      `  flow coverage: ${describeCoverage(cmp.coverage)}`,
    ].join('\n'),
    width,
  );
}
