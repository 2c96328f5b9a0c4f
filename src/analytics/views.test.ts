import { describe, expect, it } from 'vitest';
import { handChain } from '../../test/support/syntheticChain.js';
import { parseExpiryView, selectExpiries } from './views.js';

const snap = handChain([
  { strike: 100, type: 'C', oi: 1, days: 1 },
  { strike: 100, type: 'P', oi: 1, days: 1 },
  { strike: 100, type: 'C', oi: 1, days: 7 },
  { strike: 100, type: 'C', oi: 1, days: 30 },
]);

describe('expiry views', () => {
  it('all keeps every option; next keeps the earliest expiry; ex-next the rest', () => {
    expect(selectExpiries(snap, { kind: 'all' })).toHaveLength(4);
    expect(selectExpiries(snap, { kind: 'next' }).map((o) => o.type)).toEqual(['C', 'P']);
    expect(selectExpiries(snap, { kind: 'ex-next' })).toHaveLength(2);
  });

  it('within N days keeps expiries up to asOf + N days', () => {
    expect(selectExpiries(snap, { kind: 'within-days', days: 7 })).toHaveLength(3);
    expect(selectExpiries(snap, { kind: 'within-days', days: 6.9 })).toHaveLength(2);
  });

  it('parses all, next, ex-next, 7d and 7, and names a bad view', () => {
    expect(parseExpiryView('next')).toEqual({ kind: 'next' });
    expect(parseExpiryView('EX-NEXT')).toEqual({ kind: 'ex-next' });
    expect(parseExpiryView('7d')).toEqual({ kind: 'within-days', days: 7 });
    expect(parseExpiryView('14')).toEqual({ kind: 'within-days', days: 14 });
    expect(() => parseExpiryView('soon')).toThrow(
      'expiry view soon must be all, next, ex-next or a number of days like 7d',
    );
  });

  it('refuses a window of no days, or of more than a century, naming the field it was given as', () => {
    expect(() => parseExpiryView('0d')).toThrow(/expiry view 0d must be from 0 \(excluded\) to 36600 days/);
    expect(() => parseExpiryView('0.0')).toThrow(/0\.0 must be from 0/);
    expect(() => parseExpiryView('99999d', '--expiries')).toThrow(/^--expiries 99999d must be/);
    expect(() => parseExpiryView('7d\u001b[2J', '--expiries')).toThrow('--expiries 7d\\u001b[2J must be all');
  });
});
