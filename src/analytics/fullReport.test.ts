import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../test/support/syntheticChain.js';
import { buildFullReport } from './fullReport.js';
import { buildGexReport } from './gexReport.js';

const SPECS: QuoteSpec[] = [
  { strike: 95, type: 'P', oi: 500, days: 2 },
  { strike: 105, type: 'C', oi: 400, days: 2 },
  { strike: 90, type: 'P', oi: 800, days: 20 },
  { strike: 110, type: 'C', oi: 300, days: 20 },
];

describe('buildFullReport', () => {
  const snap = handChain(SPECS);
  const full = buildFullReport(snap);

  it('is the GEX report plus keyLevels, dex, byStrikeExpiry, hedgeFlow, vanna, charm, rollOff, skew, pins and playbook', () => {
    const base = buildGexReport(snap);
    const extra = [
      'keyLevels',
      'dex',
      'byStrikeExpiry',
      'hedgeFlow',
      'vanna',
      'charm',
      'rollOff',
      'skew',
      'pins',
      'playbook',
    ];
    expect(Object.keys(full).sort()).toEqual([...Object.keys(base), ...extra].sort());
    expect(full.netGex).toBe(base.netGex);
    expect(full.gammaFlips).toEqual(base.gammaFlips);
  });

  it('states the conventions of every new section beside the GEX ones', () => {
    for (const key of [
      'gex',
      'caveat',
      'delta',
      'hedgeFlow',
      'vanna',
      'charm',
      'rollOff',
      'smile',
      'skew',
      'pins',
      'playbook',
      'keyLevels',
      'dex',
      'byStrikeExpiry',
    ])
      expect(typeof full.conventions[key], key).toBe('string');
    expect(full.conventions.vanna).toMatch(/must SELL/);
    expect(full.conventions.hedgeFlow).toMatch(/Γ_F·F_i\/S/);
  });

  it('uses the default grid (−10 %..+10 %, 41 points) and pin window (7 days) unless told otherwise', () => {
    expect(full.hedgeFlow.movesPct).toHaveLength(41);
    expect(full.pins.days).toBe(7);
    const custom = buildFullReport(snap, { flowRange: 0.05, flowPoints: 11, pinDays: 30 });
    expect(custom.hedgeFlow.movesPct[0]).toBe(-5);
    expect(custom.hedgeFlow.movesPct).toHaveLength(11);
    expect(custom.pins.expiries).toHaveLength(2);
    expect(custom.conventions.hedgeFlow).toMatch(/−5 % to \+5 % of spot on 11/);
  });

  it('follows the expiry view in every section', () => {
    const next = buildFullReport(snap, { view: { kind: 'next' } });
    expect(next.hedgeFlow.byExpiry).toHaveLength(1);
    expect(next.skew.expiries).toHaveLength(1);
    expect(next.rollOff!.after.options).toBe(0);
    const later = buildFullReport(snap, { view: { kind: 'ex-next' } });
    expect(later.rollOff!.expiry).toBe(new Date(snap.asOf + 20 * 86_400_000).toISOString());
  });

  it('narrows a positions book to the view and to the roll-off remainder without rejecting it', () => {
    const [a, b] = [snap.options[0]!, snap.options[2]!];
    const positions = { [a.instrument]: -100, [b.instrument]: 50 };
    const r = buildFullReport(snap, { positioning: { model: 'positions', positions } });
    expect(r.rollOff!.before.options).toBe(4);
    expect(r.rollOff!.after.options).toBe(2);
    expect(() => buildFullReport(snap, { positioning: { model: 'positions', positions: { nope: 1 } } })).toThrow(
      /nope/,
    );
  });

  it('rejects a flow range given in percent, naming it as a fraction, and one that underflows to nothing', () => {
    expect(() => buildFullReport(snap, { flowRange: 2 })).toThrow('flow range 2 is not a fraction; 0.1 is ±10 %');
    expect(() => buildFullReport(snap, { flowRange: 1e-322 })).toThrow(/flow range 1e-322 is outside 1e-9 … 0\.99/);
    expect(() => buildFullReport(snap, { flowPoints: 1 })).toThrow(/points >= 2 \(got 1\)/);
  });

  it('rejects a profile range or a pin band given in percent, saying which fraction was meant', () => {
    expect(() => buildFullReport(snap, { range: 20 })).toThrow('range 20 is not a fraction; 0.2 is ±20 %');
    expect(() => buildFullReport(snap, { pinBand: 5 })).toThrow('pin band 5 is not a fraction; 0.05 is ±5 %');
    expect(() => buildFullReport(snap, { range: Number.NaN })).toThrow(/range NaN is not a number/);
    expect(() => buildFullReport(snap, { range: 1e-320 })).toThrow(/range 1e-320 is outside/);
  });

  it('survives a view with no options: empty sections and no roll-off', () => {
    const empty = buildFullReport(handChain([]));
    expect(empty.rollOff).toBeNull();
    expect(empty.skew.expiries).toEqual([]);
    expect(empty.pins.expiries).toEqual([]);
    expect(empty.vanna.perVolPointUsd).toBe(0);
  });
});
