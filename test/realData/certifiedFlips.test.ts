import { beforeAll, describe, expect, it } from 'vitest';
import { certifiedGammaFlips } from '../../src/analytics/certifiedFlips.js';
import { gexWeights, netGexAt } from '../../src/analytics/gexWeights.js';
import { gexProfileDirect } from '../../src/analytics/profile.js';
import { type ColumnarChain, toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { brentRoot } from '../../src/core/brent.js';
import { dealerPositions } from '../../src/positioning/models.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

/** The plain search the certified one replaces: sign changes of the direct profile, refined by Brent. */
function scannedFlips(chain: ColumnarChain, w: Float64Array, grid: { lo: number; hi: number; points: number }) {
  const { spots, netGex } = gexProfileDirect(chain, w, grid);
  const flips: number[] = [];
  for (let j = 0; j + 1 < spots.length; j++)
    if (netGex[j]! * netGex[j + 1]! < 0)
      flips.push(brentRoot((s) => netGexAt(chain, w, s), spots[j]!, spots[j + 1]!, { relTol: 1e-12 }));
  return flips;
}

const chains: Record<string, ChainSnapshot> = {};
beforeAll(async () => {
  chains['CBOE SPX 2022-12-12'] = await readCboeFile(CBOE_SPX_FILE);
  chains['Deribit BTC 2025-11-19'] = await readDeribitDir(DERIBIT_BTC_DIR);
});

describe.each(['CBOE SPX 2022-12-12', 'Deribit BTC 2025-11-19'])('certified flips on %s', (name) => {
  it.each(['classic', 'customer-long'] as const)(
    'under %s equal the plain scan to 1e-7 relative, and are certified',
    (model) => {
      const snapshot = chains[name]!;
      const chain = toColumnar(snapshot, snapshot.options);
      const w = gexWeights(chain, dealerPositions(chain, { model }).q);
      const grid = { lo: snapshot.spot * 0.8, hi: snapshot.spot * 1.2, points: 1000 };
      const want = scannedFlips(chain, w, grid);
      const { flips, search } = certifiedGammaFlips(chain, w, grid);
      expect(search).toMatchObject({ certified: true, cells: 999, touches: [] });
      expect(flips).toHaveLength(want.length);
      for (const [k, f] of flips.entries()) expect(Math.abs(f / want[k]! - 1)).toBeLessThan(1e-7);
      if (model === 'classic') expect(flips.length).toBeGreaterThan(0);
    },
  );
});
