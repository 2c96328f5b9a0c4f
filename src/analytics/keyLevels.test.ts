import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../test/support/syntheticChain.js';
import { buildFullReport } from './fullReport.js';

const walls = (specs: QuoteSpec[]) =>
  buildFullReport(handChain(specs))
    .keyLevels.filter((l) => l.kind === 'call-wall' || l.kind === 'put-wall')
    .map((l) => `${l.label} ${l.price}`);

describe('key levels: per-expiry walls', () => {
  it('adds the walls of the next expiry and of the 0DTE expiries where they differ from the report’s', () => {
    // spot 100, asOf 08:00: two expiries within 24 h, then a month out holding the largest gamma
    const specs: QuoteSpec[] = [
      { strike: 102, type: 'C', oi: 500, days: 0.2 },
      { strike: 97, type: 'P', oi: 400, days: 0.2 },
      { strike: 104, type: 'C', oi: 2000, days: 0.8 },
      { strike: 95, type: 'P', oi: 3000, days: 0.8 },
      { strike: 110, type: 'C', oi: 20000, days: 30 },
      { strike: 90, type: 'P', oi: 20000, days: 30 },
    ];
    expect(walls(specs)).toEqual([
      'Put wall 90',
      'Put wall of the 0DTE expiries 95',
      'Put wall of the next expiry 2025-01-01 12:48Z 97',
      'Call wall of the next expiry 2025-01-01 12:48Z 102',
      'Call wall of the 0DTE expiries 104',
      'Call wall 110',
    ]);
  });

  it('leaves them out when the next expiry’s walls are the report’s and no second expiry is within 24 h', () => {
    const specs: QuoteSpec[] = [
      { strike: 102, type: 'C', oi: 5000, days: 0.2 },
      { strike: 97, type: 'P', oi: 5000, days: 0.2 },
      { strike: 110, type: 'C', oi: 100, days: 30 },
      { strike: 90, type: 'P', oi: 100, days: 30 },
    ];
    expect(walls(specs)).toEqual(['Put wall 97', 'Call wall 102']);
  });

  it('gives no straddle move when the ATM legs carry no mark, and one band of two levels when both do', () => {
    const specs: QuoteSpec[] = [
      { strike: 100, type: 'C', oi: 100, days: 10 },
      { strike: 100, type: 'P', oi: 100, days: 10 },
    ];
    const snap = handChain(specs);
    const moves = (s: typeof snap) =>
      buildFullReport(s)
        .keyLevels.filter((l) => l.kind === 'expected-move')
        .map((l) => l.label.split(' to ')[0]);
    expect(moves(snap)).toEqual(['Expected move −1σ (S·σ_ATM·√t)', 'Expected move +1σ (S·σ_ATM·√t)']);
    const marked = { ...snap, options: snap.options.map((o) => ({ ...o, markPrice: 3 })) };
    const levels = buildFullReport(marked).keyLevels.filter((l) => l.label.includes('straddle'));
    expect(levels.map((l) => [l.price, l.value])).toEqual([
      [94, 6],
      [106, 6],
    ]);
  });
});
