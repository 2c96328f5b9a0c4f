import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionQuote } from '../../chain/types.js';
import { expiryPins, firstPinFrom, pinLevels } from './pinning.js';

const option = (strike: number, type: 'C' | 'P', openInterest: number, expiry = 0, multiplier = 100): OptionQuote => ({
  instrument: `X ${expiry} ${strike} ${type}`,
  expiry,
  strike,
  type,
  openInterest,
  iv: 0.2,
  forward: 100,
  multiplier,
});

/** Max pain the plain way: every strike's payout summed option by option, the first least one kept. */
function directMaxPain(options: readonly OptionQuote[]): number {
  const strikes = [...new Set(options.map((o) => o.strike))].sort((a, b) => a - b);
  let best = Number.NaN;
  let least = Number.POSITIVE_INFINITY;
  for (const p of strikes) {
    let payout = 0;
    for (const o of options) {
      const intrinsic = o.type === 'C' ? p - o.strike : o.strike - p;
      if (intrinsic > 0) payout += intrinsic * o.openInterest * o.multiplier;
    }
    if (payout < least) {
      least = payout;
      best = p;
    }
  }
  return best;
}

describe('pinLevels', () => {
  it('gives the max pain of the direct sum over every strike, whole or fractional open interest, ties included', () => {
    const leg = fc.record({
      strike: fc.oneof(
        fc.integer({ min: 1, max: 40 }).map((k) => k * 5),
        fc.double({ min: 1, max: 200, noNaN: true }),
      ),
      type: fc.constantFrom('C' as const, 'P' as const),
      openInterest: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.double({ min: 0, max: 500, noNaN: true })),
      multiplier: fc.constantFrom(1, 100),
    });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 60 }), (legs) => {
        const options = legs.map((l) => option(l.strike, l.type, l.openInterest, 0, l.multiplier));
        expect(pinLevels(options, 100)?.maxPain).toBe(directMaxPain(options));
      }),
      { numRuns: 400 },
    );
  });

  it('takes the lowest strike when every payout is the same (no open interest at all)', () => {
    const options = [option(110, 'C', 0), option(90, 'P', 0), option(100, 'C', 0)];
    expect(pinLevels(options, 100)).toEqual({ largestOi: 100, maxPain: 90 });
  });

  it('takes the strike of largest call + put open interest, the one nearer spot on a tie', () => {
    const options = [option(95, 'P', 30), option(95, 'C', 10), option(105, 'C', 40), option(100, 'C', 5)];
    expect(pinLevels(options, 102)?.largestOi).toBe(105);
    expect(pinLevels(options, 99)?.largestOi).toBe(95);
  });
});

describe('expiryPins', () => {
  // 2023-04-06 09:30 and 16:00 New York (an AM- and a PM-settled expiry of one date), 2023-04-10 16:00
  const am = Date.UTC(2023, 3, 6, 13, 30);
  const pm = Date.UTC(2023, 3, 6, 20, 0);
  const monday = Date.UTC(2023, 3, 10, 20, 0);
  const chain = {
    spot: 100,
    options: [
      option(100, 'C', 10, monday),
      option(95, 'P', 50, am),
      option(105, 'C', 60, pm),
      option(100, 'P', 20, pm),
      option(90, 'P', 5, monday),
    ],
  };

  it('groups the expiries by date in the zone, in date order, each date with the levels of its options together', () => {
    const pins = expiryPins(chain, 'America/New_York');
    const sameDay = chain.options.filter((o) => o.expiry !== monday);
    const later = chain.options.filter((o) => o.expiry === monday);
    expect(pins).toEqual({
      timeZone: 'America/New_York',
      expiries: [
        { date: '2023-04-06', ...pinLevels(sameDay, 100) },
        { date: '2023-04-10', ...pinLevels(later, 100) },
      ],
    });
    expect(pins.expiries[0]?.largestOi).toBe(105);
  });

  it('dates an expiry in the zone given: 16:00 New York is the next day in Tokyo', () => {
    expect(expiryPins(chain, 'Asia/Tokyo').expiries.map((e) => e.date)).toEqual([
      '2023-04-06',
      '2023-04-07',
      '2023-04-11',
    ]);
  });

  it('answers the first expiry date on or after a session, none after the last', () => {
    const pins = expiryPins(chain, 'America/New_York');
    expect(firstPinFrom(pins, '2023-04-06')?.date).toBe('2023-04-06');
    expect(firstPinFrom(pins, '2023-04-07')?.date).toBe('2023-04-10');
    expect(firstPinFrom(pins, '2023-04-11')).toBeUndefined();
  });
});
