import { describe, expect, it } from 'vitest';
import {
  classic,
  customerLong,
  dealerDelta,
  handChainBsm,
  handChainWithRate,
  type Side,
} from '../../../test/support/mechanicsReference.js';
import { handChain, type QuoteSpec } from '../../../test/support/syntheticChain.js';
import { toColumnar } from '../../chain/columnar.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { dealerPositions, type Positioning } from '../../positioning/models.js';
import { vannaCharm } from './vannaCharm.js';

const DAY = 1 / 365;

function exposures(snap: ChainSnapshot, positioning: Positioning = { model: 'classic' }) {
  const chain = toColumnar(snap, snap.options);
  return vannaCharm(chain, dealerPositions(chain, positioning).q);
}

/** Central difference of dealer delta in vol, as USD per vol point: the bump reference for vanna. */
function vannaByBump(snap: ChainSnapshot, side: Side, h = 1e-5): number {
  const up = dealerDelta(snap, side, { dVol: h });
  const down = dealerDelta(snap, side, { dVol: -h });
  return ((up - down) / (2 * h)) * 0.01 * snap.spot;
}

/** Central difference of dealer delta in time passing, as USD per day: the re-pricing reference for charm. */
function charmByRepricing(snap: ChainSnapshot, side: Side, h = 1e-6): number {
  const later = dealerDelta(snap, side, { dt: h });
  const earlier = dealerDelta(snap, side, { dt: -h });
  return ((later - earlier) / (2 * h)) * DAY * snap.spot;
}

const CHAIN: QuoteSpec[] = [
  { strike: 92, type: 'P', oi: 300, days: 5, iv: 0.65 },
  { strike: 97, type: 'P', oi: 800, days: 12 },
  { strike: 101, type: 'C', oi: 400, days: 5, iv: 0.55 },
  { strike: 108, type: 'C', oi: 600, days: 12, forward: 100.3 },
  { strike: 115, type: 'C', oi: 900, days: 60, iv: 0.42, forward: 101 },
  { strike: 85, type: 'P', oi: 500, days: 60, iv: 0.6, forward: 101 },
];

describe('vanna exposure (dealer delta change per +1 vol point, USD)', () => {
  it('matches a central vol bump of the plain Black-76 delta', () => {
    const snap = handChain(CHAIN);
    const want = vannaByBump(snap, classic);
    expect(exposures(snap).vanna.perVolPointUsd).toBeCloseTo(want, 4);
  });

  it('matches the vol bump with a non-zero rate (discounted Black-76 delta)', () => {
    const snap = handChainWithRate(CHAIN, 0.06);
    expect(exposures(snap).vanna.perVolPointUsd).toBeCloseTo(vannaByBump(snap, classic), 4);
  });

  it('matches the vol bump of the BSM spot delta with rate and yield', () => {
    const snap = handChainBsm(CHAIN, 0.05, 0.02);
    const got = exposures(snap, { model: 'customer-long' }).vanna.perVolPointUsd;
    expect(got).toBeCloseTo(vannaByBump(snap, customerLong), 4);
  });

  it('is within the second-order term of an actual +1 point re-pricing', () => {
    const snap = handChain(CHAIN);
    const exact = (dealerDelta(snap, classic, { dVol: 0.01 }) - dealerDelta(snap, classic)) * snap.spot;
    const got = exposures(snap).vanna.perVolPointUsd;
    expect(Math.abs(got - exact)).toBeLessThan(0.05 * Math.abs(exact));
  });

  it('is positive for dealers long an OTM call (vol up raises its delta) and tells them to sell', () => {
    const v = exposures(handChain([{ strike: 110, type: 'C', oi: 100 }])).vanna;
    expect(v.perVolPointUsd).toBeGreaterThan(0);
    expect(v.hedgeFlowUsd).toBe(-v.perVolPointUsd);
  });

  it('sums its per-expiry rows to the total', () => {
    const v = exposures(handChain(CHAIN)).vanna;
    expect(v.byExpiry).toHaveLength(3);
    expect(v.byExpiry.reduce((a, e) => a + e.perVolPointUsd, 0)).toBeCloseTo(v.perVolPointUsd, 6);
  });
});

describe('charm exposure (dealer delta change per day of time passing, USD)', () => {
  it('matches re-pricing the plain Black-76 delta a moment earlier and later (forwards fixed)', () => {
    const snap = handChain(CHAIN);
    expect(exposures(snap).charm.perDayUsd).toBeCloseTo(charmByRepricing(snap, classic), 3);
  });

  it('matches the re-pricing with a non-zero rate, where the discount factor also moves', () => {
    const snap = handChainWithRate(CHAIN, 0.07);
    expect(exposures(snap).charm.perDayUsd).toBeCloseTo(charmByRepricing(snap, classic), 3);
  });

  it('matches re-pricing the BSM delta with spot fixed and the forward carrying at r − q', () => {
    const snap = handChainBsm(CHAIN, 0.05, 0.02);
    const got = exposures(snap, { model: 'customer-long' }).charm.perDayUsd;
    expect(got).toBeCloseTo(charmByRepricing(snap, customerLong), 3);
  });

  it('is close to re-pricing one whole day later (t − 1/365) for options a month out', () => {
    const snap = handChain(CHAIN.map((s) => ({ ...s, days: 30 })));
    const oneDay = (dealerDelta(snap, classic, { dt: DAY }) - dealerDelta(snap, classic)) * snap.spot;
    const got = exposures(snap).charm.perDayUsd;
    expect(Math.abs(got - oneDay)).toBeLessThan(0.02 * Math.abs(oneDay));
  });

  it('is negative for dealers long an OTM call (its delta decays) and tells them to buy', () => {
    const c = exposures(handChain([{ strike: 110, type: 'C', oi: 100, days: 10 }])).charm;
    expect(c.perDayUsd).toBeLessThan(0);
    expect(c.perDayHedgeFlowUsd).toBe(-c.perDayUsd);
  });

  it('gives per-hour charm (charm·S/8760) for the options expiring within 24 hours only', () => {
    const expiring: QuoteSpec[] = [
      { strike: 101, type: 'C', oi: 100, days: 0.5 },
      { strike: 99, type: 'P', oi: 100, days: 0.5 },
    ];
    const snap = handChain([...expiring, { strike: 105, type: 'C', oi: 100, days: 2 }]);
    const c = exposures(snap).charm;
    const within = handChain(expiring);
    const perHour = (charmByRepricing(within, classic, 1e-8) * 365) / 8760;
    expect(c.withinDay.options).toBe(2);
    expect(c.withinDay.expiries).toEqual([new Date(snap.asOf + 43_200_000).toISOString()]);
    expect(c.withinDay.perHourUsd).toBeCloseTo(perHour, 3);
    expect(c.byExpiry[0]!.perHourUsd).toBeCloseTo(c.withinDay.perHourUsd, 6);
    expect(c.byExpiry[1]!.perHourUsd).toBeCloseTo((c.byExpiry[1]!.perDayUsd * 365) / 8760, 6);
  });

  it('reports no within-day options when nothing expires within 24 hours', () => {
    const c = exposures(handChain(CHAIN)).charm;
    expect(c.withinDay.expiries).toEqual([]);
    expect(c.withinDay.options).toBe(0);
    expect(c.withinDay.perHourUsd).toBe(0);
  });
});
