import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
import { shown } from '../core/units/index.js';

/** Which expiries of a chain an analysis looks at. */
export type ExpiryView =
  | { readonly kind: 'all' }
  | { readonly kind: 'next' }
  | { readonly kind: 'ex-next' }
  | { readonly kind: 'within-days'; readonly days: number };

export function describeView(view: ExpiryView): string {
  switch (view.kind) {
    case 'all':
      return 'all expiries';
    case 'next':
      return 'next expiry only';
    case 'ex-next':
      return 'excluding the next expiry';
    case 'within-days':
      return `expiries within ${view.days} days`;
  }
}

/** A window of days holds at least one moment after asOf and at most a century. */
const MAX_VIEW_DAYS = 36_600;

/** Parses `all`, `next`, `ex-next` or `<N>d` / `<N>` (expiries within N days, 0 < N ≤ 36,600). */
export function parseExpiryView(text: string, field = 'expiry view'): ExpiryView {
  const v = text.trim().toLowerCase();
  if (v === 'all' || v === 'next' || v === 'ex-next') return { kind: v };
  const m = /^(\d+(?:\.\d+)?)d?$/.exec(v);
  const days = m ? Number(m[1]) : Number.NaN;
  if (days > 0 && days <= MAX_VIEW_DAYS) return { kind: 'within-days', days };
  if (m) throw new RangeError(`${field} ${shown(text)} must be from 0 (excluded) to ${MAX_VIEW_DAYS} days, like 7d`);
  throw new RangeError(`${field} ${shown(text)} must be all, next, ex-next or a number of days like 7d`);
}

/** The options of the snapshot inside the view; the next expiry is the earliest one still live. */
export function selectExpiries(snapshot: Pick<ChainSnapshot, 'asOf' | 'options'>, view: ExpiryView): OptionQuote[] {
  const { options, asOf } = snapshot;
  if (view.kind === 'all') return [...options];
  let next = Number.POSITIVE_INFINITY;
  for (const o of options) if (o.expiry < next) next = o.expiry;
  switch (view.kind) {
    case 'next':
      return options.filter((o) => o.expiry === next);
    case 'ex-next':
      return options.filter((o) => o.expiry !== next);
    case 'within-days': {
      const limit = asOf + view.days * 86_400_000;
      return options.filter((o) => o.expiry <= limit);
    }
  }
}
