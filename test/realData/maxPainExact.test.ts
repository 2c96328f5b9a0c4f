import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxPainByExpiry } from '../../src/analytics/levels.js';
import { type ColumnarChain, toColumnar } from '../../src/chain/columnar.js';
import { parseCboeCsv } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

/** Max pain the direct way: every strike of the expiry, every option summed in order, first least wins. */
function directMaxPain(chain: ColumnarChain, x: number): { strike: number; payout: number } {
  const members: number[] = [];
  for (let i = 0; i < chain.n; i++) if (chain.expiryIndex[i] === x) members.push(i);
  const strikes = [...new Set(members.map((i) => chain.strike[i]!))].sort((a, b) => a - b);
  let best = { strike: Number.NaN, payout: Number.POSITIVE_INFINITY };
  for (const p of strikes) {
    let payout = 0;
    for (const i of members) {
      const k = chain.strike[i]!;
      const intrinsic = chain.phi[i] === 1 ? p - k : k - p;
      if (intrinsic > 0) payout += intrinsic * chain.openInterest[i]! * chain.multiplier[i]!;
    }
    if (payout < best.payout) best = { strike: p, payout };
  }
  return best;
}

describe('max pain on the real SPX chain', () => {
  const snapshot = parseCboeCsv(readFileSync(CBOE_SPX_FILE, 'utf8'), { source: 'spx_quotedata.csv' });

  it('matches every strike summed term by term, strike and payout to the last digit, per expiry', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const pain = maxPainByExpiry(chain);
    expect(pain).toHaveLength(chain.expiries.length);
    for (const [x, p] of pain.entries())
      expect({ strike: p.strike, payout: p.payout }).toEqual(directMaxPain(chain, x));
  });

  it('gives the lowest strike when no option holds open interest (every strike ties at 0)', () => {
    const chain = toColumnar(
      snapshot,
      snapshot.options.map((o) => ({ ...o, openInterest: 0 })),
    );
    const pain = maxPainByExpiry(chain);
    for (const [x, p] of pain.entries()) expect(p).toMatchObject(directMaxPain(chain, x));
    expect(pain.every((p) => p.payout === 0)).toBe(true);
  });
});
