import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bendBound, certifiedGammaFlips, monotoneByBend } from '../../src/analytics/certifiedFlips.js';
import { emptyCellScan, scanCell } from '../../src/analytics/exactCell.js';
import { gexWeights, netGexAt } from '../../src/analytics/gexWeights.js';
import { gexProfileDirect } from '../../src/analytics/profile.js';
import { profileWithCells } from '../../src/analytics/profileCells.js';
import { type ColumnarChain, toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { brentRoot } from '../../src/core/brent.js';
import { dealerPositions } from '../../src/positioning/models.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

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

describe('the bend test before the exact cell scan, on every real chain', () => {
  const names = ['CBOE SPX 2022-12-12', 'Deribit BTC 2025-11-19', ...SPX_HISTORY_FILES.map((f) => f.file)];
  beforeAll(async () => {
    for (const { file } of SPX_HISTORY_FILES) chains[file] = await readCboeFile(resolve(SPX_HISTORY_DIR, file));
  });

  /** The open cells the bend test settles, each checked against the exact scan of that cell. */
  function settledCells(chain: ColumnarChain, w: Float64Array, grid: { lo: number; hi: number; points: number }) {
    const { profile, lower, upper, slack } = profileWithCells(chain, w, grid);
    const { spots, netGex } = profile;
    const bend = bendBound(chain, w);
    const endError = 1 + (chain.n + 4) / (grid.points * grid.points + 64);
    const scan = emptyCellScan();
    let settled = 0;
    for (let j = 0; j + 1 < spots.length; j++) {
      if (lower[j]! > slack[j]! || upper[j]! < -slack[j]!) continue;
      const [a, b] = [spots[j]!, spots[j + 1]!];
      const ga = netGex[j]! / a;
      const gb = netGex[j + 1]! / b;
      if (!monotoneByBend(ga, gb, endError * slack[j]!, Math.log(b) - Math.log(a), bend)) continue;
      settled++;
      scanCell(chain, w, a, b, scan);
      // the exact scan finds the cell monotone, with the same certain signs at its ends
      expect(scan.dLo > scan.dSlack || scan.dHi < -scan.dSlack).toBe(true);
      expect(Math.sign(scan.ga)).toBe(Math.sign(ga));
      expect(Math.sign(scan.gb)).toBe(Math.sign(gb));
      expect(Math.abs(scan.ga)).toBeGreaterThan(scan.slack);
      expect(Math.abs(scan.gb)).toBeGreaterThan(scan.slack);
    }
    return settled;
  }

  it.each(names)('%s: the same flips to the last bit and the same search, under both models', (name) => {
    const snapshot = chains[name]!;
    const chain = toColumnar(snapshot, snapshot.options);
    const grid = { lo: snapshot.spot * 0.8, hi: snapshot.spot * 1.2, points: 1000 };
    for (const model of ['classic', 'customer-long'] as const) {
      const w = gexWeights(chain, dealerPositions(chain, { model }).q);
      const fast = certifiedGammaFlips(chain, w, grid);
      const exact = certifiedGammaFlips(chain, w, grid, { exactCells: true });
      expect(fast.flips).toEqual(exact.flips);
      expect(fast.search).toEqual(exact.search);
      const settled = settledCells(chain, w, grid);
      if (name === 'CBOE SPX 2022-12-12' && model === 'classic') expect(settled).toBeGreaterThanOrEqual(3);
    }
  });
});
