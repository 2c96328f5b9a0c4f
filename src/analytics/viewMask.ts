import type { ColumnarChain } from '../chain/columnar.js';
import type { ExpiryView } from './views.js';

/**
 * Zeroes the positions of options outside an expiry view, in place (a live chain keeps every
 * expiry in its columns): `next` is the earliest expiry still live, `within-days` counts from asOf.
 */
export function maskToView(chain: ColumnarChain, q: Float64Array, view: ExpiryView): Float64Array {
  if (view.kind === 'all' || chain.n === 0) return q;
  const next = chain.expiries[0] as number;
  const limit = view.kind === 'within-days' ? chain.asOf + view.days * 86_400_000 : 0;
  for (let i = 0; i < chain.n; i++) {
    const expiry = chain.expiries[chain.expiryIndex[i]!]!;
    const keep = view.kind === 'next' ? expiry === next : view.kind === 'ex-next' ? expiry !== next : expiry <= limit;
    if (!keep) q[i] = 0;
  }
  return q;
}
