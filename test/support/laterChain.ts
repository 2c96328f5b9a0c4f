import { gexWeights, netGexAt } from '../../src/analytics/gexWeights.js';
import { toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { dealerPositions } from '../../src/positioning/models.js';

const DAY = 86_400_000;

/** Net GEX at S by the direct formula on the chain rebuilt at asOf + days, and Σ|terms| there. */
export function directLater(snapshot: ChainSnapshot, days: number, s: number): { value: number; scale: number } {
  const asOf = snapshot.asOf + days * DAY;
  const alive = snapshot.options.filter((o) => o.expiry > asOf);
  const chain = toColumnar({ ...snapshot, asOf }, alive);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  const x = Math.log(s);
  let scale = 0;
  for (let i = 0; i < chain.n; i++) {
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    scale += Math.abs(s * w[i]! * Math.exp(-0.5 * d1 * d1));
  }
  return { value: netGexAt(chain, w, s), scale };
}
