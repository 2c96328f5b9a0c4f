import type { PinGroup, StudyResult, StudyRow } from '../history/study/study.js';
import { fmtCount, fmtUsd } from './format.js';
import { DEFAULT_TEXT_WIDTH, fitColumns, pick, wrapText } from './wrap.js';

const LABELS: Readonly<Record<string, string>> = {
  closeToClose: 'close-to-close',
  parkinson: 'Parkinson',
  garmanKlass: 'Garman-Klass',
  fiveMinute: '5-minute',
};

const vol = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const signedVol = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;
const ci = (c: unknown) => (Array.isArray(c) ? `[${(c[0] * 100).toFixed(1)} – ${(c[1] * 100).toFixed(1)}]` : '[—]');
const pct2 = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)} %`);
const ci2 = (c: readonly [number, number] | null) => (c === null ? '[—]' : `[${c[0].toFixed(2)} – ${c[1].toFixed(2)}]`);

const coef = (x: number) => `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(3)}`;
const capital = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);
const WIDTH = 32;

/**
 * A group table: group, count and one cell per measure, fitted to `width` by dropping measures
 * from the last (the finest-grained estimator) and then the count.
 */
function table(
  title: string,
  rows: readonly StudyRow[],
  measures: readonly string[],
  width: number,
  tables: Set<string>,
): string[] {
  const w = Math.max(12, ...rows.map((r) => r.group.length));
  const head = [
    'group'.padEnd(w),
    'count'.padStart(5),
    ...measures.map((m) => `${LABELS[m]}: mean [95 % CI] · median`.padEnd(WIDTH + 8)),
  ];
  const line = (r: StudyRow) => [
    r.group.padEnd(w),
    String(r.count).padStart(5),
    ...measures.map((m) => {
      const k = capital(m);
      const n = r[`n${k}`] as number;
      const text = `${vol(r[`mean${k}`] as number | null)} ${ci(r[`ci${k}`])} · ${vol(r[`median${k}`] as number | null)}`;
      return (n === r.count ? text : `${text} (n ${n})`).padEnd(WIDTH + 8);
    }),
  ];
  const columns = [
    { name: 'group', keep: 100 },
    { name: 'count', keep: 50 },
    ...measures.map((m, i) => ({ name: LABELS[m] ?? m, keep: 90 - i })),
  ];
  const body = fitColumns(columns, width, (kept) =>
    [head, ...rows.map(line)]
      .map((cells) => {
        // group and count one space apart, the measures two spaces after them
        const count = kept.includes(1) ? ` ${cells[1] ?? ''}` : '';
        const measured = pick(cells, kept).slice(kept.includes(1) ? 2 : 1);
        return `${cells[0] ?? ''}${count}  ${measured.join(' ')}`.trimEnd();
      })
      .join('\n'),
  );
  tables.add(body);
  return [title, body, ''];
}

function pinLine(name: string, g: PinGroup): string {
  if (g.count === 0) return `${name.padEnd(14)} n 0`;
  return `${name.padEnd(14)} n ${String(g.count).padEnd(4)} |close − largest-OI strike| ${pct2(g.meanToLargestOiPct)} ${ci2(g.ciToLargestOiPct)} · median ${pct2(g.medianToLargestOiPct)}   |close − max pain| ${pct2(g.meanToMaxPainPct)} ${ci2(g.ciToMaxPainPct)} · median ${pct2(g.medianToMaxPainPct)}`;
}

/** The study as a readable text report: n, the groups, the HAR control, pinning, comparison and caveats. */
export function renderStudyText(r: StudyResult, width: number = DEFAULT_TEXT_WIDTH): string {
  const m = r.measures;
  // the fitted table bodies among the lines: only the prose around them is wrapped
  const tables = new Set<string>();
  const lines: string[] = [
    `gexmap study · ${r.venue ?? '—'} ${r.underlying ?? ''} · ${r.snapshots} snapshots, ${r.evaluated} with a next session in the prices (${r.distinctNextSessions} distinct sessions)`,
    `prices: ${r.prices.first} → ${r.prices.last}, ${fmtCount(r.prices.sessions)} ${r.prices.kind} sessions, ${r.prices.gaps.length} gaps of more than ${r.prices.maxGapDays} days`,
    '',
    ...table('next-session vol by regime (annualised)', r.byRegime, m, width, tables),
  ];
  const diffs = m.map((k) => {
    const d = r.negMinusPos[k];
    return `${LABELS[k]} ${d ? `${signedVol(d.value)} ${ci(d.ci)}` : '— (needs both regimes)'}`;
  });
  lines.push(`−GEX minus +GEX: ${diffs.join(' · ')}`, '');
  const q = r.byNetGexQuantile[0]?.of === 5 ? 'quintile' : 'tercile';
  lines.push(
    ...table(
      `by net GEX ${q} (1 = lowest)`,
      r.byNetGexQuantile.map((g) => ({ ...g, group: `${g.quantile}: ${fmtUsd(g.netGexFrom)}…${fmtUsd(g.netGexTo)}` })),
      m,
      width,
      tables,
    ),
  );
  lines.push(...table('by |distance to the nearest flip|', r.byDistance, m, width, tables));

  const h = r.har;
  lines.push(
    h.negativeGex && h.coefficients
      ? `HAR control (n ${h.n}, Newey–West lag ${h.lag}): −GEX dummy ${signedVol(h.negativeGex.coefficient)} (HAC SE ${vol(h.negativeGex.hacSe)}, t ${h.negativeGex.t.toFixed(2)}); daily ${coef(h.coefficients.daily)}, weekly ${coef(h.coefficients.weekly)}, monthly ${coef(h.coefficients.monthly)}, intercept ${signedVol(h.coefficients.intercept)}`
      : `HAR control: no estimate (${h.reason ?? 'none'}; n ${h.n})`,
    '',
  );
  if (r.pinning) {
    lines.push(
      'pinning (distance from the next session’s close, in % of spot)',
      pinLine('expiry days', r.pinning.expiryDays),
      pinLine('other days', r.pinning.otherDays),
      '',
    );
  }
  if (r.compare) {
    const c = r.compare;
    lines.push(
      `compare: ${c.commonDates} common dates (${c.onlyGexmap} only in gexmap, ${c.onlyPublished} only in the published series); Spearman ${c.spearman === null ? '—' : c.spearman.toFixed(3)}; same sign on ${c.sameSign} of ${c.commonDates}${c.signAgreement === null ? '' : ` (${(c.signAgreement * 100).toFixed(1)} %)`}`,
      '',
    );
  }
  const e = r.excluded;
  const prose = [
    `excluded: ${e.noNextSession} snapshots with no next session in the prices; ${e.noPreviousClose} sessions without a previous close (no close-to-close vol); ${e.harWindow} sessions outside the HAR regression; ${e.pinningNoChain + e.pinningNoExpiry} outside pinning (${e.pinningNoChain} without a stored chain, ${e.pinningNoExpiry} without a later expiry)`,
    '',
    `What these numbers can and cannot say: n is ${r.evaluated} snapshot(s) over ${r.distinctNextSessions} session(s), so the intervals are wide and a single turbulent day moves a group mean; vol clusters, so a −GEX/+GEX gap in the table may only restate that −GEX days follow volatile ones — the HAR control asks whether the regime adds anything to past vol, and with few sessions its HAC error is itself uncertain. The regime comes from open interest as of the previous close (CBOE updates it overnight) under the classic positioning assumption, not from dealers' actual books. This is correlation, not causation, and not a trading signal.`,
    '',
    ...Object.entries(r.conventions).map(([k, v]) => `${k}: ${v}`),
  ];
  lines.push(...prose);
  return lines.map((l) => (tables.has(l) ? l : wrapText(l, width))).join('\n');
}
