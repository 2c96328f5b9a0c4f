import { beforeAll, describe, expect, it } from 'vitest';
import { gexSurface } from '../../src/analytics/gexSurface.js';
import { gexWeights } from '../../src/analytics/gexWeights.js';
import { toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { dealerPositions } from '../../src/positioning/models.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { directLater } from '../support/laterChain.js';

const chains: Record<string, ChainSnapshot> = {};
beforeAll(async () => {
  chains['CBOE SPX 2022-12-12'] = await readCboeFile(CBOE_SPX_FILE);
  chains['Deribit BTC 2025-11-19'] = await readDeribitDir(DERIBIT_BTC_DIR);
});

describe.each(['CBOE SPX 2022-12-12', 'Deribit BTC 2025-11-19'])('the GEX surface of %s', (name) => {
  it('equals the direct formula with asOf advanced, to 1e-9 of the sum of |terms|, over 200 spots', () => {
    const snapshot = chains[name]!;
    const chain = toColumnar(snapshot, snapshot.options);
    const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
    const days = [1, 7, 30];
    const spots = { lo: snapshot.spot * 0.8, hi: snapshot.spot * 1.2, points: 200 };
    const surface = gexSurface(chain, w, { spots, days });
    days.forEach((day, k) => {
      for (let j = 0; j < spots.points; j += 9) {
        const { value, scale } = directLater(snapshot, day, surface.spots[j]!);
        expect(Math.abs(surface.netGex[k]![j]! - value), `day ${day}, spot ${j}`).toBeLessThanOrEqual(1e-9 * scale);
      }
    });
  });
});
