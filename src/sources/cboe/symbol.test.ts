import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/syntheticChain.js';
import { OccReader, parseOccSymbol } from './symbol.js';

/** The OCC grammar as a regular expression, written independently of the character-code reader. */
const OCC = /^([A-Z][A-Z0-9.]{0,5})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
function byRegex(symbol: string) {
  const m = OCC.exec(symbol);
  if (m === null) return undefined;
  const [, root, yy, mm, dd, type, strike] = m;
  return {
    root,
    year: 2000 + Number(yy),
    month: Number(mm),
    day: Number(dd),
    type,
    strikeThousandths: Number(strike),
  };
}

describe('parseOccSymbol', () => {
  it('reads real symbols', () => {
    expect(parseOccSymbol('SPXW221212C01000000')).toEqual({
      root: 'SPXW',
      year: 2022,
      month: 12,
      day: 12,
      type: 'C',
      strikeThousandths: 1_000_000,
    });
    expect(parseOccSymbol('BRK.B250117P00450500')?.strikeThousandths).toBe(450_500);
  });

  it('agrees with the OCC grammar on 200,000 near-miss strings', () => {
    const random = seededRandom(5);
    const alphabet = 'ABCPSXW0123456789.  c-';
    const base = ['SPXW221212C01000000', 'SPX230317P04100000', 'VIX230419C00020000', 'A240101C00000500'];
    for (let i = 0; i < 200_000; i++) {
      const chars = [...(base[i % base.length] as string)];
      // one to three edits: replace, insert or delete a character
      for (let e = 0; e < 1 + Math.floor(random() * 3); e++) {
        const at = Math.floor(random() * (chars.length + 1));
        const c = alphabet[Math.floor(random() * alphabet.length)] as string;
        const kind = random();
        if (kind < 0.6) chars[Math.min(at, chars.length - 1)] = c;
        else if (kind < 0.8) chars.splice(at, 0, c);
        else chars.splice(at, 1);
      }
      const s = chars.join('');
      expect(parseOccSymbol(s), s).toEqual(byRegex(s));
    }
  });
});

describe('OccReader', () => {
  it('reads each symbol in place inside a row as the OCC grammar does, whatever symbol came before it', () => {
    const random = seededRandom(7);
    const alphabet = 'ABCPSXW0123456789.  c-';
    const base = ['SPXW221212C01000000', 'SPXW221212P01005000', 'SPX230317P04100000', 'A240101C00000500'];
    const reader = new OccReader();
    for (let i = 0; i < 100_000; i++) {
      const chars = [...(base[Math.floor(random() * base.length)] as string)];
      // most symbols kept whole (the root and expiry of the last one repeat), the others edited once
      if (random() < 0.5) {
        const at = Math.floor(random() * chars.length);
        const c = alphabet[Math.floor(random() * alphabet.length)] as string;
        const kind = random();
        if (kind < 0.6) chars[at] = c;
        else if (kind < 0.8) chars.splice(at, 0, c);
        else chars.splice(at, 1);
      }
      const s = chars.join('');
      const row = `Mon Dec 12 2022,${s},2943.2`;
      const expected = byRegex(s);
      const read = reader.read(row, 16, 16 + s.length);
      expect(read, s).toBe(expected !== undefined);
      if (expected !== undefined) {
        const { root, year, month, day, type, strikeThousandths } = reader;
        expect({ root, year, month, day, type, strikeThousandths }, s).toEqual(expected);
      }
    }
  });
});
