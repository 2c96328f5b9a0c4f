import { describe, expect, it } from 'vitest';
import { assertFiniteOutput, NonFiniteOutputError } from './finiteOutput.js';

function refusal(value: unknown): NonFiniteOutputError {
  try {
    assertFiniteOutput(value, 'gexmap report');
  } catch (e) {
    if (e instanceof NonFiniteOutputError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('assertFiniteOutput', () => {
  it('returns an output of finite numbers, nulls, strings and booleans as it is', () => {
    const report = { netGex: -1.4e8, nearestFlip: null, regime: 'negative', byStrike: [{ strike: 1, ok: true }] };
    expect(assertFiniteOutput(report, 'gexmap report')).toBe(report);
  });

  it('names the stage and the JSON path of the first number that is not finite', () => {
    const byStrike = Array.from({ length: 13 }, (_, i) => ({ strike: i, netGex: i === 12 ? Infinity : 0 }));
    const e = refusal({ netGex: 0, byStrike });
    expect(e.message).toBe('gexmap report: report.byStrike[12].netGex is Infinity, not a finite number');
    expect(e.stage).toBe('gexmap report');
    expect(e.path).toBe('report.byStrike[12].netGex');
  });

  it('sees NaN and -Infinity, in typed arrays too, and quotes keys that are not identifiers', () => {
    expect(refusal({ dropped: { 'zero-open-interest': Number.NaN } }).path).toBe(
      'report.dropped["zero-open-interest"]',
    );
    expect(refusal({ profile: { gex: new Float64Array([1, -Infinity]) } }).message).toMatch(
      /report\.profile\.gex\[1\] is -Infinity/,
    );
    expect(refusal({ at: new Date(Number.NaN) }).message).toMatch(/report\.at is an invalid date/);
  });
});
