import { describe, expect, it } from 'vitest';
import { at } from '../core/at.js';
import { black76 } from '../core/black76.js';
import { impliedForwards, withImpliedForwards } from './impliedForward.js';
import { MS_PER_YEAR, type OptionQuote, type OptionType } from './types.js';

const AS_OF = Date.parse('2023-06-09T17:40:00Z');
const EXPIRY = AS_OF + 0.25 * MS_PER_YEAR;

/** A leg priced with Black-76 on `forward` and discounted at `rate` (the mid a parity check reads). */
function leg(
  type: OptionType,
  strike: number,
  { forward, rate, mid }: { forward: number; rate: number; mid?: number },
): OptionQuote {
  const price =
    black76({ phi: type === 'C' ? 1 : -1, forward, strike, vol: 0.2, t: 0.25 }).price * Math.exp(-rate * 0.25);
  return {
    instrument: `X${type}${strike}`,
    expiry: EXPIRY,
    strike,
    type,
    openInterest: 1,
    iv: 0.2,
    forward: 1,
    multiplier: 100,
    ...(mid === undefined ? { markPrice: price } : mid > 0 ? { markPrice: mid } : {}),
  };
}

const chain = (forward: number, rate: number, strikes: readonly number[]) =>
  strikes.flatMap((k) => [leg('C', k, { forward, rate }), leg('P', k, { forward, rate })]);

describe('impliedForwards: put-call parity on mid quotes', () => {
  it('recovers the forward the quotes were priced on, with the rate carried as e^{rT}', () => {
    const got = impliedForwards(chain(4_362.5, 0.05, [4_200, 4_300, 4_350, 4_400, 4_500]), { asOf: AS_OF, rate: 0.05 });
    const f = got.get(EXPIRY);
    expect(f !== undefined && 'forward' in f && f.forward).toBeCloseTo(4_362.5, 9);
  });

  it('reads C − P at the strike where it is smallest (the one nearest the forward)', () => {
    const got = impliedForwards(chain(4_362.5, 0, [4_200, 4_300, 4_350, 4_400, 4_500]), { asOf: AS_OF });
    expect(got.get(EXPIRY)).toMatchObject({ strike: 4_350 });
  });

  it('uses only strikes with both a call and a put mid: an unquoted put moves K* to the next pair', () => {
    const quotes = chain(4_362.5, 0, [4_300, 4_350, 4_400]).map((q) =>
      q.strike === 4_350 && q.type === 'P' ? leg('P', 4_350, { forward: 4_362.5, rate: 0, mid: 0 }) : q,
    );
    const f = impliedForwards(quotes, { asOf: AS_OF }).get(EXPIRY);
    expect(f).toMatchObject({ strike: 4_400 });
    expect(f !== undefined && 'forward' in f && f.forward).toBeCloseTo(4_362.5, 9);
  });

  it('gives a reason, not a forward, for an expiry without a quoted pair or whose parity forward is not a price', () => {
    const onlyCalls = chain(100, 0, [90, 100]).filter((q) => q.type === 'C');
    expect(impliedForwards(onlyCalls, { asOf: AS_OF }).get(EXPIRY)).toEqual({
      reason: 'no strike with both a call and a put mid quote (bid and ask both positive)',
    });
    const absurd = [leg('C', 10, { forward: 0, rate: 0, mid: 0.5 }), leg('P', 10, { forward: 0, rate: 0, mid: 30 })];
    expect(impliedForwards(absurd, { asOf: AS_OF }).get(EXPIRY)).toEqual({
      reason: 'parity at strike 10 gives a forward of -19.5, not a price',
    });
  });

  it('withImpliedForwards: a parity forward beyond the band from spot falls back, with its reason in the conventions', () => {
    const options = chain(4_362.5, 0, [4_300, 4_350, 4_400]);
    const snapshot = {
      venue: 'cboe',
      underlying: 'SPX',
      asOf: AS_OF,
      spot: 2_000,
      model: { kind: 'bsm', rate: 0, yield: 0 } as const,
      options,
      dropped: [],
      source: 'x',
    };
    const kept = withImpliedForwards(snapshot);
    expect(kept.model).toEqual({ kind: 'black76', rate: 0 });
    expect(at(kept.options, 0).forward).toBeCloseTo(4_362.5, 9);
    const banded = withImpliedForwards(snapshot, { maxDistance: 0.5 });
    expect(banded.options.every((o) => o.forward === 1)).toBe(true);
    expect(banded.sourceConventions?.forwardSource).toMatch(
      /0 of 1 expiries implied; 1 fell back to spot·e\^\{\(r−q\)t\}: .* \(parity forward 4362\.50 at strike 4350 is 118\.1 % from spot, beyond ±50 %\)$/,
    );
  });
});
