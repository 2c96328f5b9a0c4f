import { describe, expect, it } from 'vitest';
import {
  csvFieldBounds,
  FieldLocator,
  lineAt,
  lineBreak,
  lineStop,
  splitCsvLine,
} from '../../src/sources/csv/splitCsvLine.js';
import { inputError } from './helpers.js';

describe('splitCsvLine', () => {
  it('splits unquoted fields on commas and keeps empty fields, leading and trailing', () => {
    expect(splitCsvLine('a,b,,c', 'line 1')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine(',x,', 'line 1')).toEqual(['', 'x', '']);
    expect(splitCsvLine('', 'line 1')).toEqual(['']);
  });

  it('keeps commas inside a quoted field and reads "" as one quote', () => {
    expect(splitCsvLine('"Date: December 12, 2022 at 8:30 PM EST",Bid: 3962.01', 'line 3')).toEqual([
      'Date: December 12, 2022 at 8:30 PM EST',
      'Bid: 3962.01',
    ]);
    expect(splitCsvLine('"say ""hi""",2,"",""', 'line 9')).toEqual(['say "hi"', '2', '', '']);
  });

  it('rejects an unterminated quoted field, naming the line and column', () => {
    const err = inputError(() => splitCsvLine('a,"b,c', 'line 7'));
    expect(err.where).toBe('line 7');
    expect(err.field).toBe('column 2');
    expect(err.message).toMatch(/not closed/);
  });

  it('rejects text after a closing quote and a quote inside an unquoted field', () => {
    expect(inputError(() => splitCsvLine('"a"b,c', 'line 2')).field).toBe('column 1');
    expect(inputError(() => splitCsvLine('a,b"c', 'line 2')).field).toBe('column 2');
  });
});

describe('FieldLocator', () => {
  it('locates the fields of every line read in order as csvFieldBounds does, quoted lines and short bounds included', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'ab1.,,,;" ';
    for (const delimiter of [',', ';']) {
      const lines = Array.from({ length: 2000 }, () =>
        Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
          '',
        ),
      );
      // most lines without a quote, as real files are: the quote of a later line must not be taken for this one's
      const text = lines.map((l, i) => (i % 9 === 0 ? l : l.replaceAll('"', ''))).join('\n');
      const locator = new FieldLocator();
      for (let from = 0; from <= text.length; ) {
        const nl = text.indexOf('\n', from);
        const stop = nl < 0 ? text.length : nl;
        for (const room of [2, 8]) {
          const expected = new Int32Array(room);
          const actual = new Int32Array(room);
          const n = csvFieldBounds(text, from, stop, expected, delimiter);
          expect(locator.locate(text, from, stop, actual, delimiter), text.slice(from, stop)).toBe(n);
          if (n >= 0) expect([...actual]).toEqual([...expected]);
        }
        if (nl < 0) break;
        from = nl + 1;
      }
    }
  });
});

describe('lineBreak and lineStop', () => {
  it('cut the lines where split(/\\r?\\n/) does, as lineAt gives them, without an object per line', () => {
    for (const text of ['a,b\nc\r\nd', '\n\r\n\r\n', 'x', '', 'a\r\n', 'a\rb\nc', '\r\nz']) {
      const cut: string[] = [];
      for (let from = 0; from >= 0; ) {
        const nl = lineBreak(text, from, text.length);
        const stop = lineStop(text, from, nl, text.length);
        expect({ stop, next: nl < 0 ? -1 : nl + 1 }).toEqual(lineAt(text, from, text.length));
        cut.push(text.slice(from, stop));
        from = nl < 0 ? -1 : nl + 1;
      }
      expect(cut, JSON.stringify(text)).toEqual(text.split(/\r?\n/));
    }
  });

  it('end the last line at `end`, even where the text goes on', () => {
    expect(lineBreak('ab\ncd', 0, 2)).toBe(-1);
    expect(lineStop('ab\ncd', 0, -1, 2)).toBe(2);
  });
});
