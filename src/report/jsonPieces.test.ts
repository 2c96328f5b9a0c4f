import { describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE } from '../../test/golden/paths.js';
import { buildFullReport } from '../analytics/fullReport.js';
import { withVenueBreakdown } from '../analytics/venues.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { writeJson } from './jsonPieces.js';

function pieces(value: unknown, pieceChars?: number): string[] {
  const out: string[] = [];
  writeJson(value, (p) => out.push(p), pieceChars);
  return out;
}

describe('writeJson', () => {
  it('writes the SPX report as the same bytes as JSON.stringify, in pieces of about the size asked', async () => {
    const snapshot = await readCboeFile(CBOE_SPX_FILE);
    const report = withVenueBreakdown(snapshot, buildFullReport(snapshot, {}), {});
    const out = pieces(report, 4096);
    expect(out.join('')).toBe(JSON.stringify(report));
    expect(out.length).toBeGreaterThan(100);
    // a piece is flushed once it reaches the size, so only a leaf deeper than the split can pass it by much
    expect(out.slice(0, -1).every((p) => p.length >= 4096)).toBe(true);
  });

  it('drops and nulls what JSON.stringify drops and nulls, at every depth', () => {
    const f = () => 1;
    const s = Symbol('s');
    const deep = { a: { b: { c: { d: { e: [undefined, f, s, Number.NaN, -0, Infinity], u: undefined } } } } };
    const value = {
      u: undefined,
      f,
      s,
      list: [undefined, f, s, null, Number.NaN, -Infinity, -0, 1e21, 'é\u2028"\\\n', { u: undefined }],
      empty: { obj: {}, arr: [] },
      deep,
      boxed: [new Number(2), new String('x'), new Boolean(false)],
      typed: new Float64Array([1.5, 2]),
      map: new Map([[1, 2]]),
    };
    expect(pieces(value, 1).join('')).toBe(JSON.stringify(value));
    expect(pieces(deep.a.b.c.d.e, 1).join('')).toBe(JSON.stringify(deep.a.b.c.d.e));
  });

  it('calls toJSON with its key once, as JSON.stringify does, at the top, inside and below the split', () => {
    const keyed = { toJSON: (key: string) => `key:${key}` };
    const twice = { toJSON: () => ({ toJSON: () => 'inner', kept: 1 }) };
    const date = new Date(Date.UTC(2022, 11, 12, 15, 30));
    const value = {
      date,
      keyed,
      twice,
      list: [keyed, date, twice],
      a: { b: { c: { d: { keyed, twice, date } } } },
      invalid: new Date(Number.NaN),
    };
    expect(pieces(value, 1).join('')).toBe(JSON.stringify(value));
    expect(pieces(keyed).join('')).toBe(JSON.stringify(keyed));
    expect(pieces(date).join('')).toBe(JSON.stringify(date));
  });

  it('writes nothing for what JSON.stringify gives undefined, and a primitive as its text', () => {
    expect(pieces(undefined)).toEqual([]);
    expect(pieces(() => 1)).toEqual([]);
    expect(pieces({ toJSON: () => undefined })).toEqual([]);
    expect(pieces('a"b').join('')).toBe(JSON.stringify('a"b'));
    expect(pieces(Number.NaN).join('')).toBe('null');
    expect(pieces(null).join('')).toBe('null');
  });

  it('throws as JSON.stringify does on a cycle and a BigInt', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => pieces(cycle)).toThrow(TypeError);
    expect(() => pieces({ n: 1n })).toThrow(TypeError);
  });
});
