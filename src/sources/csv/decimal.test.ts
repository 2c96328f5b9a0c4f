import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDecimal, readDecimalFully } from './decimal.js';

/** The grammar the readers accept as a number, the regular expression they held before. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Number(text) where the reader's grammar holds it, else NaN: what readDecimal must answer or fall back from. */
const expected = (text: string) => (NUMBER.test(text) ? Number(text) : Number.NaN);

const digitString = (max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: 0, maxLength: max }).map((d) => d.join(''));

/** Decimal texts in the shapes files hold: sign, integer digits, fraction, exponent, each optional. */
const decimalText = fc
  .record({
    sign: fc.constantFrom('', '', '-', '+'),
    whole: digitString(20),
    dot: fc.boolean(),
    fraction: digitString(20),
    exponent: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digitString(4))),
  })
  .map(
    ({ sign, whole, dot, fraction, exponent }) =>
      `${sign}${whole}${dot ? `.${fraction}` : ''}${exponent === null ? '' : exponent.join('')}`,
  );

/** readDecimal's answer for the text sitting between other characters, as it does in a row. */
function inRow(text: string, before = '1,', after = ',2') {
  return readDecimal(`${before}${text}${after}`, before.length, before.length + text.length);
}

describe('readDecimal', () => {
  it('gives exactly Number(text), or NaN (fall back), on random decimal strings', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const fast = inRow(text);
        if (Number.isNaN(fast)) {
          // falling back is for the few texts past the exact path: up to 15 digits and e±5 never do
          const digits = text.replace(/[eE].*/, '').replace(/\D/g, '').length;
          const exponent = Math.abs(Number(/[eE]([+-]?\d+)$/.exec(text)?.[1] ?? 0));
          if (NUMBER.test(text) && digits <= 15 && exponent <= 5) expect.fail(`${text} fell back`);
          return true;
        }
        expect(Object.is(fast, expected(text)), text).toBe(true);
        return true;
      }),
      { numRuns: 50_000 },
    );
  });

  it('gives bit for bit the full reader’s answer on plain digits[.digits] texts, short and long', () => {
    const plain = fc
      .tuple(digitString(18), fc.option(digitString(18)))
      .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));
    fc.assert(
      fc.property(plain, (text) => {
        const at = `1,${text},2`;
        expect(Object.is(readDecimal(at, 2, 2 + text.length), readDecimalFully(at, 2, 2 + text.length)), text).toBe(
          true,
        );
      }),
      { numRuns: 50_000 },
    );
  });

  it('reads the numbers the CBOE files hold in place, without falling back', () => {
    for (const text of ['0', '1000.00', '4061.71', '0.001', '-0.7', '2943.2', '13', '1e5', '.5', '5.', '-0'])
      expect(Object.is(inRow(text), Number(text)), text).toBe(true);
  });

  it('answers NaN for what the grammar refuses, so the caller words the error', () => {
    for (const text of [
      '',
      '-',
      '+',
      '.',
      'e5',
      '1e',
      '1e+',
      '1.2.3',
      ' 1',
      '1 ',
      'n/a',
      '1,5',
      '0x10',
      'Infinity',
      '--1',
    ])
      expect(inRow(text), JSON.stringify(text)).toBeNaN();
  });

  it('answers NaN where one rounding would not be exact (mantissa of 2^53 or more, power of ten beyond 22)', () => {
    expect(inRow('9007199254740993')).toBeNaN();
    expect(inRow('1e23')).toBeNaN();
    expect(inRow('1e-23')).toBeNaN();
    expect(inRow('0.12345678901234567890')).toBeNaN();
    expect(inRow('9007199254740991')).toBe(9007199254740991);
    expect(inRow('1e22')).toBe(1e22);
    expect(inRow('1e-22')).toBe(1e-22);
  });

  it('stops at the bounds it is given, whatever follows', () => {
    expect(readDecimal('12345', 1, 3)).toBe(23);
    expect(readDecimal('1.5e3', 0, 3)).toBe(1.5);
    expect(readDecimal('-5', 0, 0)).toBeNaN();
    expect(inRow('7', '', '.5')).toBe(7);
  });
});
