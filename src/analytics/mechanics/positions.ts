import type { ColumnarChain } from '../../chain/columnar.js';
import { dealerPositions, type Positioning } from '../../positioning/models.js';

/**
 * Dealer positions for a chain that holds only part of a snapshot (an expiry view, or the view
 * without its next expiry): a user book is narrowed to the chain's instruments first, the same
 * rule buildGexReport applies after it has checked the whole book against the snapshot.
 */
export function positionsFor(chain: ColumnarChain, positioning: Positioning): Float64Array {
  if (positioning.model !== 'positions') return dealerPositions(chain, positioning).q;
  const inChain = new Set(chain.instruments);
  const positions = Object.fromEntries(Object.entries(positioning.positions).filter(([name]) => inChain.has(name)));
  return dealerPositions(chain, { model: 'positions', positions }).q;
}
