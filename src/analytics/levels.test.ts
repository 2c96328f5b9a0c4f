import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../test/support/syntheticChain.js';
import { toColumnar } from '../chain/columnar.js';
import { dealerPositions } from '../positioning/models.js';
import { gexByStrike } from './byStrike.js';
import { gexPerOption, gexWeights } from './gexWeights.js';
import { findWalls, maxPainByExpiry, oiClusters } from './levels.js';

function columns(snapshot: ReturnType<typeof handChain>) {
  const chain = toColumnar(snapshot, snapshot.options);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  return { chain, cols: gexByStrike(chain, gexPerOption(chain, w, snapshot.spot)) };
}

describe('max pain', () => {
  it('is the strike minimising intrinsic value paid to holders, per expiry', () => {
    // Expiry A: calls 100×10, 110×30; puts 90×20, 100×5.
    // Payout at 90: calls 0, puts 100·5·... = (100−90)·5 = 50       → 50
    // at 100: calls 0; puts 0                                       → 0
    // at 110: calls (110−100)·10 = 100; puts 0                      → 100
    const snap = handChain([
      { strike: 100, type: 'C', oi: 10, days: 7 },
      { strike: 110, type: 'C', oi: 30, days: 7 },
      { strike: 90, type: 'P', oi: 20, days: 7 },
      { strike: 100, type: 'P', oi: 5, days: 7 },
      { strike: 90, type: 'C', oi: 50, days: 30 },
      { strike: 120, type: 'P', oi: 1, days: 30 },
    ]);
    const { chain } = columns(snap);
    const pain = maxPainByExpiry(chain);
    expect(pain).toHaveLength(2);
    expect(pain[0]).toMatchObject({ strike: 100, payout: 0 });
    // Expiry B: at 90 → puts (120−90)·1 = 30; at 120 → calls (120−90)·50 = 1500: 90 wins.
    expect(pain[1]).toMatchObject({ strike: 90, payout: 30 });
    expect(pain[0]!.expiry < pain[1]!.expiry).toBe(true);
  });
});

describe('walls', () => {
  it('takes the call wall and put wall from the largest |GEX| by side, and abs-gamma from their sum', () => {
    const snap = handChain([
      { strike: 105, type: 'C', oi: 500 },
      { strike: 120, type: 'C', oi: 600 }, // more OI but far from spot: less gamma
      { strike: 95, type: 'P', oi: 250 }, // less OI than the 100 put and further from spot
      { strike: 100, type: 'P', oi: 300 },
      { strike: 100, type: 'C', oi: 300 },
    ]);
    const { cols } = columns(snap);
    const walls = findWalls(cols);
    expect(walls.callWall).toBe(105);
    expect(walls.putWall).toBe(100);
    expect(walls.absGammaStrike).toBe(100);
  });

  it('has no walls when there is no gamma', () => {
    const { cols } = columns(handChain([]));
    expect(findWalls(cols)).toEqual({ callWall: null, putWall: null, absGammaStrike: null });
  });
});

describe('OI clusters', () => {
  it('flags strikes at least two standard deviations above the mean OI of the band, with their side', () => {
    const specs: QuoteSpec[] = [80, 85, 90, 95, 100, 105, 110, 115, 120].map((strike) => ({
      strike,
      type: 'C',
      oi: 100,
    }));
    specs.push({ strike: 110, type: 'C', oi: 2000 }, { strike: 110, type: 'P', oi: 100 });
    const { cols } = columns(handChain(specs));
    const clusters = oiClusters(cols, { lo: 80, hi: 120 });
    expect(clusters.map((c) => c.strike)).toEqual([110]);
    expect(clusters[0]).toMatchObject({ totalOi: 2200, callOi: 2100, putOi: 100, side: 'call' });
    expect(clusters[0]!.zScore).toBeGreaterThanOrEqual(2);
    expect(oiClusters(cols, { lo: 80, hi: 105 })).toEqual([]);
  });
});
