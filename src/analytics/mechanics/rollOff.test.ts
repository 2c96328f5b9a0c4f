import { describe, expect, it } from 'vitest';
import { classic, dealerDelta } from '../../../test/support/mechanicsReference.js';
import { handChain, type QuoteSpec } from '../../../test/support/syntheticChain.js';
import { buildGexReport } from '../gexReport.js';
import { positionedView } from '../positionedView.js';
import { rollOff } from './rollOff.js';

const OPTS = { range: 0.2, profilePoints: 1000 } as const;
const ALL = { view: { kind: 'all' }, positioning: { model: 'classic' } } as const;

// The next expiry (1 day) is short puts near spot: dealers short gamma until it leaves; the
// 20-day calls behind it are long gamma.
const SPECS: QuoteSpec[] = [
  { strike: 99, type: 'P', oi: 3000, days: 1, iv: 0.4 },
  { strike: 101, type: 'P', oi: 2000, days: 1, iv: 0.4 },
  { strike: 100, type: 'C', oi: 800, days: 20 },
  { strike: 106, type: 'C', oi: 1200, days: 20 },
  { strike: 94, type: 'P', oi: 300, days: 20 },
];

describe('roll-off of the next expiry', () => {
  const snap = handChain(SPECS);
  const ro = rollOff(snap, positionedView(snap, ALL), OPTS)!;

  it('names the earliest expiry, its hours to expiry and its options', () => {
    expect(ro.expiry).toBe(new Date(snap.asOf + 86_400_000).toISOString());
    expect(ro.hoursToExpiry).toBe(24);
    expect(ro.options).toBe(2);
  });

  it('maps the view before and after as the GEX report does for all and ex-next', () => {
    const all = buildGexReport(snap);
    const exNext = buildGexReport(snap, { view: { kind: 'ex-next' } });
    expect(ro.before.netGex).toBeCloseTo(all.netGex, 6);
    expect(ro.after.netGex).toBeCloseTo(exNext.netGex, 6);
    expect(ro.after.gammaFlips).toEqual(exNext.gammaFlips);
    expect(ro.after.callWall).toBe(exNext.callWall);
    expect(ro.after.putWall).toBe(exNext.putWall);
    expect(ro.netGexChange).toBeCloseTo(exNext.netGex - all.netGex, 6);
  });

  it('flips the regime from negative to positive when the short-gamma expiry leaves', () => {
    expect(ro.before.regime).toBe('negative');
    expect(ro.after.regime).toBe('positive');
    expect(ro.after.putWall).toBe(94);
    expect(ro.before.putWall).toBe(99);
  });

  it('holds the dealer delta of the expiring options, Σ q·m·Δ·S through the plain kernel, unwound as they settle', () => {
    const want = dealerDelta(snap, classic, {}, (o) => o.expiry === snap.asOf + 86_400_000);
    expect(ro.expiringDealerDelta).toBeCloseTo(want, 9);
    expect(ro.expiringDealerDeltaUsd).toBeCloseTo(want * snap.spot, 7);
    expect(ro.expiringDealerDeltaUsd).toBeGreaterThan(0); // short puts: long delta
    expect(ro.unwindFlowUsd).toBe(ro.expiringDealerDeltaUsd);
  });

  it('leaves an empty map after the only expiry: net GEX 0, no regime, no flips, no walls', () => {
    const one = handChain([{ strike: 100, type: 'C', oi: 10, days: 3 }]);
    const r = rollOff(one, positionedView(one, ALL), OPTS)!;
    expect(r.after).toMatchObject({
      options: 0,
      netGex: 0,
      regime: null,
      gammaFlips: [],
      callWall: null,
      putWall: null,
    });
  });

  it('is null when no option is in view', () => {
    const none = handChain([]);
    expect(rollOff(none, positionedView(none, ALL), OPTS)).toBeNull();
  });

  it('keeps each option of a user book at its own position before and after, and in the expiring delta', () => {
    const [p99, , c100, c106] = snap.options.map((o) => o.instrument) as [string, string, string, string];
    const positions = { [p99]: 500, [c100]: -40, [c106]: 90 };
    const positioning = { model: 'positions', positions } as const;
    const r = rollOff(snap, positionedView(snap, { view: { kind: 'all' }, positioning }), OPTS)!;
    const exNext = buildGexReport(snap, { view: { kind: 'ex-next' }, positioning });
    expect(r.after.netGex).toBe(exNext.netGex);
    expect(r.after.gammaFlips).toEqual(exNext.gammaFlips);
    expect(r.before.netGex).toBe(buildGexReport(snap, { positioning }).netGex);
    const side = (o: (typeof snap.options)[number]) => positions[o.instrument] ?? 0;
    const want = dealerDelta(snap, side, {}, (o) => o.expiry === snap.asOf + 86_400_000);
    expect(r.expiringDealerDelta).toBeCloseTo(want, 9);
    expect(want).toBeLessThan(0); // dealers long 500 puts of the expiring expiry: short delta
  });
});
