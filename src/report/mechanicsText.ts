import Table from 'cli-table3';
import pc from 'picocolors';
import type { FullReport } from '../analytics/fullReport.js';
import type { PinRange, PinStrike } from '../analytics/pins.js';
import type { RuleResult } from '../analytics/playbook/types.js';
import { at } from '../core/at.js';
import { fmtCount, fmtPct, fmtPrice, fmtStrike, fmtUsd } from './format.js';
import { DEFAULT_TEXT_WIDTH, fitColumns, pick } from './wrap.js';

export interface MechanicsTextOptions {
  readonly color: boolean;
  /** expiries shown in the skew table */
  readonly skewRows?: number;
  /** terminal columns the tables fit by dropping columns (default 100; 0: all columns) */
  readonly width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/** A column of a section's table: its head, alignment and how much it is kept on a narrow terminal. */
interface Column {
  readonly head: string;
  readonly align: 'left' | 'right';
  readonly keep: number;
}

/** The table of `columns` and `rows`, fitted to `width` by dropping the least kept columns. */
function table(columns: readonly Column[], rows: readonly string[][], color: boolean, width: number): string {
  return fitColumns(
    columns.map((c) => ({ name: c.head, keep: c.keep })),
    width,
    (kept) => {
      const t = new Table({
        head: pick(columns, kept).map((c) => c.head),
        colAligns: pick(columns, kept).map((c) => c.align),
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
      });
      for (const r of rows) t.push(pick(r, kept));
      return t.toString();
    },
  );
}

const right = (head: string, keep: number): Column => ({ head, align: 'right', keep });
const left = (head: string, keep: number): Column => ({ head, align: 'left', keep });

/** "BUY 1.2 M USD" / "SELL 1.2 M USD": what a hedge flow makes dealers do. */
function trade(usd: number): string {
  if (usd === 0) return 'trade nothing';
  return `${usd > 0 ? 'BUY' : 'SELL'} ${fmtUsd(Math.abs(usd))} USD`;
}

function signedUsd(usd: number): string {
  return `${usd > 0 ? '+' : ''}${fmtUsd(usd)}`;
}

const HEDGE_FLOW_COLUMNS = [
  right('move', 9),
  right('spot', 3),
  right('exact flow', 8),
  right('linear (−GEX×move)', 2),
  right('exact − linear', 1),
];

function hedgeFlowSection(r: FullReport, c: Colors, color: boolean, width: number): string[] {
  const hf = r.hedgeFlow;
  const out: string[] = [];
  out.push(
    c.bold(
      'Hedge flows: USD dealers must buy (+) or sell (−) when spot moves (exact re-pricing; forwards move with spot, sticky strike)',
    ),
  );
  const span = hf.movesPct[hf.movesPct.length - 1] ?? 0;
  const wanted = [-1, -0.5, -0.2, -0.1, 0.1, 0.2, 0.5, 1].map((f) => f * span);
  const shown = [...new Set(wanted.map((m) => nearestIndex(hf.movesPct, m)))];
  const rows = shown.map((j) => [
    fmtPct(at(hf.movesPct, j)),
    fmtPrice(at(hf.spots, j)),
    signedUsd(at(hf.flowUsd, j)),
    signedUsd(at(hf.linearUsd, j)),
    signedUsd(at(hf.differenceUsd, j)),
  ]);
  out.push(table(HEDGE_FLOW_COLUMNS, rows, color, width));
  out.push(
    `Dealer delta at spot ${signedUsd(hf.dealerDeltaUsd)} USD (${fmtCount(hf.dealerDelta)} ${r.underlying}); + = dealers net long the underlying through their options`,
  );
  const half = nearestIndex(hf.movesPct, -0.5 * span);
  const halfUp = nearestIndex(hf.movesPct, 0.5 * span);
  const top = [...hf.byExpiry]
    .sort(
      (a, b) =>
        Math.abs(at(b.flowUsd, half)) +
        Math.abs(at(b.flowUsd, halfUp)) -
        (Math.abs(at(a.flowUsd, half)) + Math.abs(at(a.flowUsd, halfUp))),
    )
    .slice(0, 4)
    .map((e) => `${e.expiry.slice(0, 10)} ${signedUsd(at(e.flowUsd, half))} / ${signedUsd(at(e.flowUsd, halfUp))}`);
  if (top.length > 0)
    out.push(
      `Largest expiries at ${fmtPct(at(hf.movesPct, half))} / ${fmtPct(at(hf.movesPct, halfUp))}: ${top.join(' · ')}`,
    );
  return out;
}

function nearestIndex(values: readonly number[], target: number): number {
  let best = 0;
  for (let j = 1; j < values.length; j++)
    if (Math.abs(at(values, j) - target) < Math.abs(at(values, best) - target)) best = j;
  return best;
}

function greeksSection(r: FullReport, c: Colors): string[] {
  const { vanna, charm } = r;
  const out = [c.bold('Vanna and charm (dealer delta change in USD; + = dealers’ delta rises, so they must SELL)')];
  out.push(
    `Vanna   ${signedUsd(vanna.perVolPointUsd)} USD per +1 vol point → if all vols rise 1 point dealers ${trade(vanna.hedgeFlowUsd)} (the reverse if vols fall)`,
  );
  out.push(
    `Charm   ${signedUsd(charm.perDayUsd)} USD per day of time passing → dealers ${trade(charm.perDayHedgeFlowUsd)} a day (spot and vols unchanged)`,
  );
  const w = charm.withinDay;
  if (w.options > 0) {
    out.push(
      `        expiring within 24 h (${w.expiries.map((e) => e.slice(0, 16).replace('T', ' ')).join(', ')} UTC; ${w.options} options): ${signedUsd(w.perHourUsd)} USD per hour → dealers ${trade(w.perHourHedgeFlowUsd)} an hour`,
    );
  } else out.push('        no options expire within 24 h');
  return out;
}

function rollOffSection(r: FullReport, c: Colors): string[] {
  const ro = r.rollOff;
  if (ro === null) return [];
  const flip = (x: number | null) => (x === null ? 'none in range' : fmtPrice(x));
  const gexUnit = (x: number) => `${fmtUsd(x)}`;
  return [
    c.bold(
      `Roll-off: ${ro.expiry.slice(0, 16).replace('T', ' ')} UTC leaves in ${ro.hoursToExpiry.toFixed(1)} h (${ro.options} options)`,
    ),
    ro.after.options === 0
      ? `  net GEX        ${gexUnit(ro.before.netGex)} → 0 USD per 1 %: no option is left in view after it`
      : `  net GEX        ${gexUnit(ro.before.netGex)} → ${gexUnit(ro.after.netGex)} USD per 1 % (${signedUsd(ro.netGexChange)}); regime ${ro.before.regime} → ${ro.after.regime}`,
    `  gamma flip     ${flip(ro.before.nearestFlip)} → ${flip(ro.after.nearestFlip)}`,
    `  walls          call ${fmtPrice(ro.before.callWall)} → ${fmtPrice(ro.after.callWall)}, put ${fmtPrice(ro.before.putWall)} → ${fmtPrice(ro.after.putWall)}`,
    `  dealer delta in the expiring options ${signedUsd(ro.expiringDealerDeltaUsd)} USD → as they settle, dealers unwind the hedge: ${trade(ro.unwindFlowUsd)}`,
  ];
}

function vol(x: number | null, points = false): string {
  if (x === null) return '—';
  return points ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)}` : (x * 100).toFixed(2);
}

const SKEW_COLUMNS = [
  left('expiry', 9),
  right('days', 3),
  right('forward', 2),
  right('ATM IV', 8),
  right('25Δ call', 4),
  right('25Δ put', 5),
  right('RR 25Δ', 7),
  right('BF 25Δ', 6),
  left('note', 1),
];

function skewSection(r: FullReport, c: Colors, color: boolean, rows: number, width: number): string[] {
  const out = [c.bold('Skew and term structure (IV in %, RR and BF in vol points; 25Δ on Black-76 forward delta)')];
  const cells = r.skew.expiries
    .slice(0, rows)
    .map((e) => [
      e.expiry.slice(0, 10),
      e.daysToExpiry.toFixed(2),
      fmtPrice(e.forward),
      vol(e.atmIv),
      vol(e.call25Iv),
      vol(e.put25Iv),
      vol(e.rr25, true),
      vol(e.bf25, true),
      e.reasons.length ? 'not enough data' : '',
    ]);
  out.push(table(SKEW_COLUMNS, cells, color, width));
  const more = r.skew.expiries.length - rows;
  if (more > 0) out.push(`… ${more} more expiries in --json (skew.expiries, skew.termStructure)`);
  return out;
}

function pinStrikes(list: readonly PinStrike[]): string {
  return list.map((s) => `${fmtStrike(s.strike)} (${fmtCount(s.totalOi)})`).join(', ') || 'none';
}

function pinRangeText(p: PinRange): string {
  const put = p.putStrike === null ? 'none' : `${fmtStrike(p.putStrike)} (put OI ${fmtCount(p.putOi ?? 0)})`;
  const call = p.callStrike === null ? 'none' : `${fmtStrike(p.callStrike)} (call OI ${fmtCount(p.callOi ?? 0)})`;
  return `${put} – ${call}`;
}

function pinsSection(r: FullReport, c: Colors): string[] {
  const p = r.pins;
  const out = [
    c.bold(
      `Pins: expiries within ${p.days} days, strikes within ±${p.band.pct} % of spot (${fmtPrice(p.band.lo)} – ${fmtPrice(p.band.hi)})`,
    ),
  ];
  if (p.expiries.length === 0) {
    out.push('  no expiry within the window');
    return out;
  }
  for (const e of p.expiries) {
    out.push(
      `  ${e.expiry.slice(0, 10)} (${e.daysToExpiry.toFixed(1)} d)  max pain ${e.maxPain ? fmtStrike(e.maxPain.strike) : '—'} · pin range ${pinRangeText(e.pinRange)} · top OI ${pinStrikes(e.topStrikes)}`,
    );
  }
  if (p.expiries.length > 1) {
    out.push(`  all ${p.expiries.length} together: pin range ${pinRangeText(p.combined.pinRange)}`);
    out.push(`  top OI ${pinStrikes(p.combined.topStrikes)}`);
  }
  return out;
}

/** A rule input: USD amounts compact, prices and counts in full, shares and percentages to 4 digits. */
function num(name: string, v: number | null): string {
  if (v === null) return 'n/a';
  if (/Gex|Notional|Usd/.test(name)) return fmtUsd(v);
  if (/Pct|Share/.test(name)) return v.toFixed(/Pct/.test(name) ? 2 : 4);
  return fmtCount(v);
}

function ruleLines(rule: RuleResult, c: Colors): string[] {
  const colorOf = rule.status === 'fired' ? c.yellow : rule.status === 'not-fired' ? c.dim : c.magenta;
  const inputs = Object.entries(rule.inputs)
    .map(([k, v]) => `${k} ${num(k, v)}`)
    .join(', ');
  const th = Object.entries(rule.thresholds)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [`  ${c.bold(rule.rule.padEnd(21))} ${colorOf(rule.status.toUpperCase())}: ${rule.meaning}`];
  lines.push(`      inputs: ${inputs}`);
  lines.push(
    `      thresholds: ${th}${rule.levels.length ? ` · levels: ${rule.levels.map(fmtStrike).join(', ')}` : ''}`,
  );
  return lines;
}

function playbookSection(r: FullReport, c: Colors): string[] {
  const pb = r.playbook;
  const out = [c.bold(`Playbook${pb.lookback ? ` (price change over ${pb.lookback})` : ''}`)];
  for (const rule of pb.rules) out.push(...ruleLines(rule, c));
  out.push(`  caveat: ${pb.caveat}`);
  return out;
}

/** The mechanics, skew, pins and playbook sections printed after the GEX report. */
export function renderMechanicsText(report: FullReport, opts: MechanicsTextOptions): string {
  const c = opts.color ? pc : pc.createColors(false);
  const width = opts.width ?? DEFAULT_TEXT_WIDTH;
  const sections = [
    hedgeFlowSection(report, c, opts.color, width),
    greeksSection(report, c),
    rollOffSection(report, c),
    skewSection(report, c, opts.color, opts.skewRows ?? 12, width),
    pinsSection(report, c),
    playbookSection(report, c),
  ];
  return sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n');
}
