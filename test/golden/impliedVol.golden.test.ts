import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { impliedVolBsm } from '../../src/core/impliedVol.js';
import { GOLDEN_DIR } from './paths.js';

interface Case {
  input: { type: 'C' | 'P'; spot: number; strike: number; t: number; rate: number; carry: number; price: number };
  expect: { vol: number };
}
const golden = JSON.parse(readFileSync(resolve(GOLDEN_DIR, 'implied-vol.json'), 'utf8')) as { cases: Case[] };

describe('implied vol matches QuantLib golden values (../shared/golden/implied-vol.json)', () => {
  it(`recovers every one of the ${golden.cases.length} vols to 1e-8 relative`, () => {
    expect(golden.cases.length).toBe(158);
    const failures: string[] = [];
    for (const c of golden.cases) {
      const { type, spot, strike, t, rate, carry, price } = c.input;
      const got = impliedVolBsm({ phi: type === 'C' ? 1 : -1, price, spot, strike, t, rate, yield: carry });
      if (!(Math.abs(got.vol - c.expect.vol) <= 1e-8 * c.expect.vol)) {
        failures.push(`got ${got.vol} (${got.reason ?? 'ok'}), want ${c.expect.vol} for ${JSON.stringify(c.input)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
