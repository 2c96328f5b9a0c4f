import { beforeAll, describe, expect, it } from 'vitest';
import { DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { aggregateChains } from '../chain/aggregate.js';
import { toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { dealerPositions } from '../positioning/models.js';
import { readDeribitDir } from '../sources/deribit/read.js';
import { gexWeights } from './gexWeights.js';
import { liveMetrics } from './live.js';
import { LiveMap } from './liveMap.js';
import { gexProfile } from './profile.js';

/** The recorded Deribit BTC chain listed on four venues, each copy with its own venue tag. */
let snapshot: ChainSnapshot;
beforeAll(async () => {
  const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
  snapshot = aggregateChains(['deribit', 'okx', 'bybit', 'binance'].map((venue) => ({ ...deribit, venue })));
});

/** A small deterministic generator: the same sequence on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the live map after single-option marks', () => {
  it('gives the net GEX, flips and walls of a full rebuild after a random sequence of real-shaped marks', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const q = dealerPositions(chain, { model: 'classic' }).q;
    const map = new LiveMap(chain, q);
    const ivs = Array.from(chain.iv);
    const rand = lcg(13);
    for (let step = 1; step <= 60; step++) {
      // a mark moves one option's vol by up to ±3 vol points, as a markprice tick does
      const i = Math.floor(rand() * chain.n);
      ivs[i] = Math.max(0.05, ivs[i]! + (rand() - 0.5) * 0.06);
      const live = map.applyIv(chain.instruments[i]!, ivs[i]!);
      if (step % 10 !== 0) continue;
      const rebuilt = toColumnar(
        snapshot,
        snapshot.options.map((o, k) => ({ ...o, iv: ivs[k]! })),
      );
      const full = liveMetrics(rebuilt, q);
      // the kept profile, updated option by option, against the profile swept afresh
      const profile = gexProfile(rebuilt, gexWeights(rebuilt, q), {
        lo: chain.spot * 0.8,
        hi: chain.spot * 1.2,
        points: 1000,
      });
      const scale = Math.max(...profile.netGex.map(Math.abs));
      map.profile().netGex.forEach((g, j) => {
        expect(Math.abs(g - profile.netGex[j]!), `profile point ${j}, step ${step}`).toBeLessThanOrEqual(1e-9 * scale);
      });
      expect(full.gammaFlips.length).toBeGreaterThan(0);
      expect(Math.abs(live.netGex - full.netGex), `net GEX, step ${step}`).toBeLessThanOrEqual(
        1e-9 * Math.abs(full.netGex),
      );
      expect(Math.abs(live.callGex - full.callGex)).toBeLessThanOrEqual(1e-9 * Math.abs(full.callGex));
      expect(Math.abs(live.putGex - full.putGex)).toBeLessThanOrEqual(1e-9 * Math.abs(full.putGex));
      expect(live.gammaFlips.length, `flips, step ${step}`).toBe(full.gammaFlips.length);
      live.gammaFlips.forEach((f, k) => {
        expect(Math.abs(f - full.gammaFlips[k]!)).toBeLessThanOrEqual(1e-9 * f);
      });
      expect(live.flipSearch.certified).toBe(full.flipSearch.certified);
      expect([live.callWall, live.putWall, live.absGammaStrike]).toEqual([
        full.callWall,
        full.putWall,
        full.absGammaStrike,
      ]);
    }
  });

  it('moves net GEX when a mark moves a vol, and back when it is undone', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const map = new LiveMap(chain, dealerPositions(chain, { model: 'classic' }).q);
    const start = map.metrics();
    let i = 0;
    while (chain.openInterest[i] === 0) i++;
    const name = chain.instruments[i]!;
    expect(map.applyIv(name, chain.iv[i]! * 1.5).netGex).not.toBe(start.netGex);
    const back = map.applyIv(name, chain.iv[i]!);
    expect(Math.abs(back.netGex - start.netGex)).toBeLessThanOrEqual(1e-12 * Math.abs(start.netGex));
  });

  it('refuses an unknown instrument or a vol that is not positive, naming it', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const map = new LiveMap(chain, dealerPositions(chain, { model: 'classic' }).q);
    expect(() => map.applyIv('okx:NOPE', 0.5)).toThrow(/unknown instrument "okx:NOPE"/);
    expect(() => map.applyIv(chain.instruments[0]!, 0)).toThrow(/iv \(0\) must be a finite number > 0/);
  });
});
