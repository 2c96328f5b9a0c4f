import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../test/support/syntheticChain.js';
import { toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { maxPainByExpiry } from './levels.js';
import { pinRule, pinsOf } from './pins.js';

function pins(snap: ChainSnapshot, opts: Parameters<typeof pinsOf>[1] = {}) {
  return pinsOf(toColumnar(snap, snap.options), opts);
}

// Spot 100. Weekly (3 days): a put cluster at 95 and a call cluster at 105 around spot, a smaller
// put at 98 (40 % of the 95 put OI: not big) and a big put far below at 80 (outside ±5 %).
const WEEKLY: QuoteSpec[] = [
  { strike: 95, type: 'P', oi: 1000, days: 3 },
  { strike: 98, type: 'P', oi: 400, days: 3 },
  { strike: 80, type: 'P', oi: 5000, days: 3 },
  { strike: 105, type: 'C', oi: 800, days: 3 },
  { strike: 102, type: 'C', oi: 300, days: 3 },
  { strike: 100, type: 'C', oi: 200, days: 3 },
  { strike: 100, type: 'P', oi: 250, days: 3 },
];
const MONTHLY: QuoteSpec[] = [
  { strike: 97, type: 'P', oi: 3000, days: 30 },
  { strike: 103, type: 'C', oi: 3000, days: 30 },
];

describe('pins for near expiries', () => {
  it('takes only the expiries within N days (default 7)', () => {
    const p = pins(handChain([...WEEKLY, ...MONTHLY]));
    expect(p.days).toBe(7);
    expect(p.expiries.map((e) => e.daysToExpiry)).toEqual([3]);
    expect(pins(handChain([...WEEKLY, ...MONTHLY]), { days: 31 }).expiries).toHaveLength(2);
  });

  it('spans the pin range from the nearest big put cluster below spot to the nearest big call cluster above', () => {
    const e = pins(handChain(WEEKLY)).expiries[0]!;
    expect(e.pinRange).toEqual({ putStrike: 95, putOi: 1000, callStrike: 105, callOi: 800, widthPct: 10 });
  });

  it('takes a nearer cluster once it holds at least half of the side’s largest OI in the band', () => {
    const specs = WEEKLY.map((s) => (s.strike === 98 ? { ...s, oi: 600 } : s));
    expect(pins(handChain(specs)).expiries[0]!.pinRange.putStrike).toBe(98);
    expect(pins(handChain(specs), { clusterFraction: 0.7 }).expiries[0]!.pinRange.putStrike).toBe(95);
  });

  it('lists the largest-OI strikes within the band, leaving out the big put outside it', () => {
    const e = pins(handChain(WEEKLY)).expiries[0]!;
    expect(e.topStrikes.map((s) => s.strike)).toEqual([95, 105, 100, 98, 102]);
    expect(e.topStrikes[2]).toMatchObject({ strike: 100, callOi: 200, putOi: 250, totalOi: 450, distancePct: 0 });
    expect(pins(handChain(WEEKLY), { band: 0.25 }).expiries[0]!.topStrikes[0]!.strike).toBe(80);
  });

  it('carries each expiry’s max pain', () => {
    const snap = handChain([...WEEKLY, ...MONTHLY]);
    const want = maxPainByExpiry(toColumnar(snap, snap.options))[0]!;
    expect(pins(snap).expiries[0]!.maxPain).toEqual({ strike: want.strike, payout: want.payout });
  });

  it('combines the expiries in the window by summing OI per strike', () => {
    const p = pins(handChain([...WEEKLY, ...MONTHLY]), { days: 31 });
    expect(p.combined.pinRange).toMatchObject({ putStrike: 97, callStrike: 103 });
    expect(p.combined.topStrikes[0]).toMatchObject({ strike: 97, totalOi: 3000 });
  });

  it('has a one-sided range (null) when there is no call OI above spot in the band', () => {
    const e = pins(handChain([{ strike: 96, type: 'P', oi: 10, days: 2 }])).expiries[0]!;
    expect(e.pinRange).toEqual({ putStrike: 96, putOi: 10, callStrike: null, callOi: null, widthPct: null });
  });

  it('rejects a band outside (0, 1) and non-positive days, naming the value', () => {
    expect(() => pins(handChain(WEEKLY), { band: 5 })).toThrow('pin band 5 is not a fraction; 0.05 is ±5 %');
    expect(() => pins(handChain(WEEKLY), { days: 0 })).toThrow(/pin days \(0\)/);
  });

  it('states its rule with the band, the share and the days', () => {
    expect(pinRule({ days: 7, band: 0.05, clusterFraction: 0.5, topCount: 5 })).toMatch(/within 7 days.*±5 %.*50 %/);
  });
});
