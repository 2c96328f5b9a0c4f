/** Pure layout rules of the charts: where labels go so none overlap, and which range an axis shows. No DOM. */

export interface Span {
  /** centre of the label, px */
  readonly at: number;
  /** its extent along the axis, px */
  readonly size: number;
}

/**
 * Rows for labels centred on positions along one axis: each label takes the first row where it clears
 * the labels already there by `gap` px. Returns the row of each label, in input order.
 */
export function stackRows(labels: readonly Span[], gap = 4): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => (labels[a]?.at ?? 0) - (labels[b]?.at ?? 0));
  const rowEnds: number[] = [];
  const rows = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    const { at, size } = labels[i] as Span;
    const start = at - size / 2;
    let row = rowEnds.findIndex((end) => end + gap <= start);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = at + size / 2;
    rows[i] = row;
  }
  return rows;
}

/**
 * Centres for labels wanted at positions along one axis, moved apart the least so that none overlap
 * (`gap` px between), kept within [lo, hi] when they fit. Returns the centre of each, in input order.
 */
export function spreadApart(labels: readonly Span[], lo: number, hi: number, gap = 2): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => (labels[a]?.at ?? 0) - (labels[b]?.at ?? 0));
  const out = new Array<number>(labels.length).fill(0);
  // downward pass: each clears the one before it
  let end = lo - gap;
  for (const i of order) {
    const { at, size } = labels[i] as Span;
    const centre = Math.max(at, end + gap + size / 2);
    out[i] = centre;
    end = centre + size / 2;
  }
  // upward pass: pull back inside hi, keeping the clearances
  let start = hi + gap;
  for (const i of [...order].reverse()) {
    const { size } = labels[i] as Span;
    const centre = Math.min(out[i] as number, start - gap - size / 2);
    out[i] = centre;
    start = centre - size / 2;
  }
  return out;
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(
  a: { left: number; right: number; top: number; bottom: number },
  b: { left: number; right: number; top: number; bottom: number },
): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The strikes holding `share` of the total weight (|GEX| per strike): the tails holding
 * (1 − share) / 2 each are cut, the rest padded by `pad` of its width (at least one strike step) and
 * stretched to hold every `include` price (spot), then kept within [min, max]. Null without weight.
 */
export function massRange(
  rows: readonly { readonly strike: number; readonly weight: number }[],
  options: { share?: number; pad?: number; include?: readonly number[]; min?: number; max?: number } = {},
): [number, number] | null {
  const share = options.share ?? 0.98;
  const sorted = rows.filter((r) => Number.isFinite(r.weight) && r.weight > 0).sort((a, b) => a.strike - b.strike);
  const total = sorted.reduce((s, r) => s + r.weight, 0);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || total <= 0) return null;
  const tail = ((1 - share) / 2) * total;
  let lo = first.strike;
  let acc = 0;
  for (const r of sorted) {
    acc += r.weight;
    if (acc > tail) {
      lo = r.strike;
      break;
    }
  }
  let hi = last.strike;
  acc = 0;
  for (const r of [...sorted].reverse()) {
    acc += r.weight;
    if (acc > tail) {
      hi = r.strike;
      break;
    }
  }
  for (const p of options.include ?? []) {
    if (!Number.isFinite(p)) continue;
    lo = Math.min(lo, p);
    hi = Math.max(hi, p);
  }
  const steps = sorted.slice(1).map((r, i) => r.strike - (sorted[i] as { strike: number }).strike);
  const step = steps.length > 0 ? Math.min(...steps) : Math.max(1, Math.abs(lo) * 0.01);
  const padding = Math.max((hi - lo) * (options.pad ?? 0.1), step);
  return [Math.max(options.min ?? -Infinity, lo - padding), Math.min(options.max ?? Infinity, hi + padding)];
}

/** The values' `lo` and `hi` quantiles (linear between order statistics); null when there are none. */
export function percentileRange(values: readonly number[], lo = 0.02, hi = 0.98): [number, number] | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => {
    const x = p * (v.length - 1);
    const i = Math.floor(x);
    const a = v[i] as number;
    const b = v[Math.min(i + 1, v.length - 1)] as number;
    return a + (b - a) * (x - i);
  };
  return [q(lo), q(hi)];
}
