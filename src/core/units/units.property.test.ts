import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PIN_BAND, PROFILE_RANGE, parsePercent, parseRate, QuantityError, SPOT_CHANGE } from './index.js';

// What a user or a query string can type for a number: digits, signs, dots, exponents, %, spaces, hex
// and words, in any order, and any string at all.
const typed = fc.oneof(
  fc.stringMatching(/^[ +\-.\d%eExXa-fNIny]{0,12}$/),
  fc.double().map(String),
  fc.double().map((x) => `${x}%`),
  fc.string(),
);

/** No control character, CR, LF or bidi mark a terminal would act on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('the unit parsers, on anything typed: a finite value within the bounds, or a QuantityError naming the flag', () => {
  it.each([PROFILE_RANGE, PIN_BAND, SPOT_CHANGE])('parsePercent for $name', (q) => {
    fc.assert(
      fc.property(typed, (text) => {
        try {
          const pct = parsePercent(text, '--flag', q);
          expect(Number.isFinite(pct)).toBe(true);
          expect(pct).toBeGreaterThanOrEqual(q.min);
          expect(pct).toBeLessThanOrEqual(q.max);
        } catch (e) {
          expect(e).toBeInstanceOf(QuantityError);
          expect((e as Error).message.startsWith('--flag ')).toBe(true);
          expect((e as Error).message).not.toMatch(UNSAFE);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parseRate: a rate within ±50 %, never a bare number above 0.5 read as a fraction', () => {
    fc.assert(
      fc.property(typed, (text) => {
        try {
          const rate = parseRate(text, '--rate');
          expect(Math.abs(rate)).toBeLessThanOrEqual(0.5);
          if (!text.includes('%')) expect(Math.abs(Number(text.trim()))).toBeLessThanOrEqual(0.5);
        } catch (e) {
          expect(e).toBeInstanceOf(QuantityError);
          expect((e as Error).message.startsWith('--rate ')).toBe(true);
          expect((e as Error).message).not.toMatch(UNSAFE);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
