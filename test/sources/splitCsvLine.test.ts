import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../src/sources/csv/splitCsvLine.js';
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
