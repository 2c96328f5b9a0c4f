import { describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../../../test/golden/paths.js';
import { randomChain, seededRandom } from '../../../test/support/syntheticChain.js';
import { type ColumnarChain, toColumnar } from '../../chain/columnar.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { readCboeFile } from '../../sources/cboe/read.js';
import { readDeribitDir } from '../../sources/deribit/read.js';
import { byExpiryStrikeType } from './smile.js';

/** The order a stable sort by expiry, strike and type gives, with a comparison function. */
function compared(chain: ColumnarChain): number[] {
  return Array.from({ length: chain.n }, (_, i) => i).sort(
    (a, b) =>
      chain.expiryIndex[a]! - chain.expiryIndex[b]! ||
      chain.strike[a]! - chain.strike[b]! ||
      chain.phi[a]! - chain.phi[b]!,
  );
}

/** The snapshot's options shuffled, each twice (ties, which must keep option order). */
function shuffledTwice(snap: ChainSnapshot, seed: number): ChainSnapshot {
  const rnd = seededRandom(seed);
  const options = [...snap.options, ...snap.options];
  for (let i = options.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [options[i], options[j]] = [options[j]!, options[i]!];
  }
  return { ...snap, options };
}

describe('byExpiryStrikeType (the smile’s order of options)', () => {
  it('is the order of a stable sort by expiry, strike and type, on the real SPX and BTC chains, shuffled and with ties', async () => {
    const chains: [string, ChainSnapshot][] = [
      ['CBOE SPX', await readCboeFile(CBOE_SPX_FILE)],
      ['Deribit BTC', await readDeribitDir(DERIBIT_BTC_DIR)],
      ['random', randomChain(5000, 4)],
    ];
    for (const [name, snap] of chains) {
      for (const s of [snap, shuffledTwice(snap, 7)]) {
        const chain = toColumnar(s, s.options);
        expect(Array.from(byExpiryStrikeType(chain)), name).toEqual(compared(chain));
      }
    }
  });
});
