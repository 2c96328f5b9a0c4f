import { describe, expect, it } from 'vitest';
import { handChain } from '../../test/support/syntheticChain.js';
import { narrowView, positionedView } from './positionedView.js';

// Two expiries: 1 day (the next) and 30 days.
const snap = handChain([
  { strike: 100, type: 'C', oi: 10, days: 1 },
  { strike: 95, type: 'P', oi: 20, days: 1 },
  { strike: 105, type: 'C', oi: 30, days: 30 },
  { strike: 90, type: 'P', oi: 40, days: 30 },
]);
const [c1, p1, c30, p30] = snap.options.map((o) => o.instrument) as [string, string, string, string];
const NEXT = { kind: 'next' } as const;

describe('positionedView: a view selected, columnar and positioned once', () => {
  it('holds the options in view, their columns and their dealer positions', () => {
    const v = positionedView(snap, { view: NEXT, positioning: { model: 'classic' } });
    expect(v.selected.map((o) => o.instrument)).toEqual([c1, p1]);
    expect(v.chain.instruments).toEqual([c1, p1]);
    expect(Array.from(v.q)).toEqual([10, -20]);
    expect(v.unpositioned).toBe(0);
  });

  it('accepts a book naming options outside the view and positions only those in view', () => {
    const book = { [c1]: 5, [c30]: -7 };
    const v = positionedView(snap, { view: NEXT, positioning: { model: 'positions', positions: book } });
    expect(Array.from(v.q)).toEqual([5, 0]);
    expect(v.unpositioned).toBe(1);
  });

  it('refuses a book naming an instrument the snapshot does not hold, whatever the view', () => {
    const book = { [c1]: 5, 'X-9D-1-C-9': 1 };
    expect(() => positionedView(snap, { view: NEXT, positioning: { model: 'positions', positions: book } })).toThrow(
      /not in the chain .*X-9D-1-C-9/,
    );
  });
});

describe('narrowView', () => {
  it('keeps the accepted options with the dealer position each had in the view', () => {
    const book = { [p1]: 2, [c30]: -3, [p30]: 4 };
    const v = positionedView(snap, { view: { kind: 'all' }, positioning: { model: 'positions', positions: book } });
    const later = narrowView(v, (o) => o.expiry > snap.asOf + 86_400_000);
    expect(later.chain.instruments).toEqual([c30, p30]);
    expect(Array.from(later.q)).toEqual([-3, 4]);
    expect(later.chain.expiries).toEqual([snap.asOf + 30 * 86_400_000]);
  });
});
