import type { DailyValue } from '../../sources/prices/dailyValues.js';

export const COMPARE_RULE =
  'gexmap’s daily net GEX is that of the latest snapshot taken in or after each session (dated by the last session open at or before asOf); over the dates both series have: Spearman rank correlation (ties take their average rank) and the share of dates where the two have the same sign';

/** Ranks 1 … n, ties sharing their average rank. */
export function averageRanks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number));
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1] as number] === xs[order[i] as number]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when either side has no spread. */
function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman rank correlation: Pearson's over the average ranks. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearman: ${a.length} values against ${b.length}`);
  return pearson(averageRanks(a), averageRanks(b));
}

export interface Comparison {
  readonly commonDates: number;
  readonly onlyGexmap: number;
  readonly onlyPublished: number;
  /** null with fewer than 3 common dates or no spread on a side */
  readonly spearman: number | null;
  readonly signAgreement: number | null;
  readonly sameSign: number;
}

/** gexmap's daily net GEX (sessions in asOf order) against a published daily series (see COMPARE_RULE). */
export function compareDaily(
  sessions: readonly { readonly session: string | null; readonly netGex: number }[],
  published: readonly DailyValue[],
): Comparison {
  const ours = new Map<string, number>();
  for (const s of sessions) if (s.session !== null) ours.set(s.session, s.netGex);
  const theirs = new Map(published.map((d) => [d.date, d.value]));
  const dates = [...ours.keys()].filter((d) => theirs.has(d)).sort();
  const a = Float64Array.from(dates, (d) => ours.get(d) as number);
  const b = Float64Array.from(dates, (d) => theirs.get(d) as number);
  let sameSign = 0;
  for (let i = 0; i < dates.length; i++) if (Math.sign(a[i] as number) === Math.sign(b[i] as number)) sameSign++;
  const rho = dates.length >= 3 ? spearman(a, b) : Number.NaN;
  return {
    commonDates: dates.length,
    onlyGexmap: ours.size - dates.length,
    onlyPublished: theirs.size - dates.length,
    spearman: Number.isFinite(rho) ? rho : null,
    signAgreement: dates.length > 0 ? sameSign / dates.length : null,
    sameSign,
  };
}
