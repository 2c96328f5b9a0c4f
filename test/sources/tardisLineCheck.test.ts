import { describe, expect, it } from 'vitest';
import { LineCheck } from '../../src/sources/tardis/rowParts.js';

/** Whether LineCheck accepts `text` handed to it in the given pieces. */
const accepts = (...pieces: string[]) => {
  const check = new LineCheck();
  return pieces.every((p) => check.accepts(Buffer.from(p)));
};

describe('LineCheck (text DuckDB reads line for line as the line reader does)', () => {
  it('accepts plain rows and underscores in names', () => {
    expect(accepts('a,SOL_USDC-1,2\n', 'b,BTC_USDC-3,4\n')).toBe(true);
    expect(accepts('x,1_', 'a,2\n')).toBe(true); // `_` then a letter across pieces
  });

  it('refuses a digit separator, a blank line, a quote and a CR, also where two pieces meet', () => {
    expect(accepts('a,1_000\n')).toBe(false);
    expect(accepts('a,1_', '000\n')).toBe(false);
    expect(accepts('a,1', '_000\n')).toBe(false);
    expect(accepts('a,1\n\nb,2\n')).toBe(false);
    expect(accepts('a,1\n', '\nb,2\n')).toBe(false);
    expect(accepts('a,"1"\n')).toBe(false);
    expect(accepts('a,1\r\n')).toBe(false);
    expect(accepts('\na,1\n')).toBe(false); // an empty first line
  });

  it('counts the lines, the last one also without its line end, wherever the pieces are cut', () => {
    const lines = (...pieces: string[]) => {
      const check = new LineCheck();
      for (const p of pieces) expect(check.accepts(Buffer.from(p))).toBe(true);
      return check.lines;
    };
    expect(lines()).toBe(0);
    expect(lines('h\na,1\nb,2\n')).toBe(3);
    expect(lines('h\na,1\nb,2')).toBe(3);
    expect(lines('h\na,', '1\n', 'b,2\n', '')).toBe(3);
    expect(lines('h\n', 'a,1', '\nb,2')).toBe(3);
  });
});
