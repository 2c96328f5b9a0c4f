import { describe, expect, it } from 'vitest';
import {
  classic,
  customerLong,
  dealerDelta,
  dealerDeltaAbs,
  dealerDeltaSlopeB76,
  handChainBsm,
  handChainWithRate,
  type Side,
} from '../../../test/support/mechanicsReference.js';
import { handChain, type QuoteSpec } from '../../../test/support/syntheticChain.js';
import { toColumnar } from '../../chain/columnar.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { dealerPositions, type Positioning } from '../../positioning/models.js';
import { flowMovesPct, hedgeFlowCurve } from './hedgeFlow.js';

function curve(snap: ChainSnapshot, positioning: Positioning = { model: 'classic' }, range = 0.1, points = 41) {
  const chain = toColumnar(snap, snap.options);
  return hedgeFlowCurve(chain, dealerPositions(chain, positioning).q, { range, points });
}

/** −(Σ q·m·Δ(S') − Σ q·m·Δ(spot))·S' through the plain kernels. */
function referenceFlow(snap: ChainSnapshot, side: Side, s: number): number {
  return -(dealerDelta(snap, side, { spot: s }) - dealerDelta(snap, side)) * s;
}

const MIXED: QuoteSpec[] = [
  { strike: 90, type: 'P', oi: 400, days: 2, iv: 0.7 },
  { strike: 95, type: 'P', oi: 900, days: 9 },
  { strike: 100, type: 'C', oi: 300, days: 2, iv: 0.55 },
  { strike: 105, type: 'C', oi: 700, days: 9, forward: 100.4 },
  { strike: 110, type: 'C', oi: 500, days: 90, iv: 0.45, forward: 101.5 },
  { strike: 60, type: 'P', oi: 1000, days: 1, iv: 0.3 }, // far out of the money: frozen delta
  { strike: 140, type: 'P', oi: 1000, days: 1, iv: 0.3 }, // deep in the money: frozen delta
];

describe('hedge-flow grid', () => {
  it('spaces moves evenly in percent with exact ends and an exact 0 % in the middle', () => {
    const m = flowMovesPct({ range: 0.1, points: 41 });
    expect(m[0]).toBe(-10);
    expect(m[20]).toBe(0);
    expect(m[40]).toBe(10);
    expect(m[30]).toBeCloseTo(5, 14);
  });

  it('rejects a range outside (0, 1) or a non-integer point count, naming the values', () => {
    expect(() => flowMovesPct({ range: 1.5, points: 41 })).toThrow(/1\.5/);
    expect(() => flowMovesPct({ range: 0.1, points: 2.5 })).toThrow(/2\.5/);
  });
});

describe('hedge flow for a move (exact re-pricing)', () => {
  it('makes dealers long one call sell into a rally and buy into a dip (long gamma)', () => {
    const hf = curve(handChain([{ strike: 100, type: 'C', oi: 10 }]));
    expect(hf.flowUsd[40]).toBeLessThan(0);
    expect(hf.flowUsd[0]).toBeGreaterThan(0);
    expect(hf.flowUsd[20]).toBe(0);
  });

  it('makes dealers short all OI buy into a rally and sell into a dip (short gamma)', () => {
    const hf = curve(handChain(MIXED), { model: 'customer-long' });
    expect(hf.flowUsd[40]).toBeGreaterThan(0);
    expect(hf.flowUsd[0]).toBeLessThan(0);
  });

  it('equals −(dealer delta after − before) × S′ from the plain Black-76 kernel at every point', () => {
    const snap = handChain(MIXED);
    const hf = curve(snap);
    const scale = dealerDeltaAbs(snap, classic) * snap.spot * 1.1;
    hf.spots.forEach((s, j) => {
      expect(Math.abs(hf.flowUsd[j]! - referenceFlow(snap, classic, s)), `move ${hf.movesPct[j]} %`).toBeLessThan(
        1e-12 * scale,
      );
    });
    expect(hf.dealerDelta).toBeCloseTo(dealerDelta(snap, classic), 10);
    expect(hf.dealerDeltaUsd).toBeCloseTo(dealerDelta(snap, classic) * snap.spot, 8);
  });

  it('discounts Black-76 delta (∂V/∂F times e^(−rt)) when the rate is not zero', () => {
    const snap = handChainWithRate(MIXED, 0.08);
    const hf = curve(snap);
    const undiscounted = curve({ ...snap, model: { kind: 'black76', rate: 0 } });
    const j = 30; // +5 %
    expect(Math.abs(hf.flowUsd[j]! - referenceFlow(snap, classic, hf.spots[j]!))).toBeLessThan(1e-9);
    expect(Math.abs(hf.flowUsd[j]! - undiscounted.flowUsd[j]!)).toBeGreaterThan(1e-3 * Math.abs(hf.flowUsd[j]!));
  });

  it('uses the BSM spot delta e^(−qt)·N(d1) with rate and yield on equity chains', () => {
    const snap = handChainBsm(MIXED, 0.05, 0.02);
    const hf = curve(snap, { model: 'customer-long' });
    hf.spots.forEach((s, j) => {
      expect(Math.abs(hf.flowUsd[j]! - referenceFlow(snap, customerLong, s))).toBeLessThan(1e-8);
    });
  });

  it('splits into per-expiry contributions that add up to the total at every move', () => {
    const hf = curve(handChain(MIXED));
    expect(hf.byExpiry.map((e) => e.expiry)).toHaveLength(4);
    hf.flowUsd.forEach((total, j) => {
      const sum = hf.byExpiry.reduce((a, e) => a + e.flowUsd[j]!, 0);
      expect(sum).toBeCloseTo(total, 8);
    });
    expect(hf.byExpiry[0]!.daysToExpiry).toBe(1);
  });

  it('has the slope −Σ q·m·Γ_F·(F/S)·S² per unit move at spot, so linear (−GEX × move) is off by F/S', () => {
    // One expiry with its forward 10 % above spot: dΔ_F/dS = Γ_F·F/S, the GEX line uses Γ_F alone.
    const snap = handChain([
      { strike: 100, type: 'C', oi: 50, forward: 110, days: 60 },
      { strike: 120, type: 'P', oi: 80, forward: 110, days: 60 },
    ]);
    const hf = curve(snap, { model: 'classic' }, 1e-6, 3);
    const slope = dealerDeltaSlopeB76(snap, classic, snap.spot);
    const want = -slope * snap.spot * snap.spot * 1e-6; // flow at +1e-4 %: −dΔ/dS·dS·S
    expect(hf.flowUsd[2]! / want).toBeCloseTo(1, 5);
    expect(hf.flowUsd[2]! / hf.linearUsd[2]!).toBeCloseTo(1.1, 5);
    expect(hf.differenceUsd[2]).toBeCloseTo(hf.flowUsd[2]! - hf.linearUsd[2]!, 12);
  });

  it('gives linear = −net GEX × move in %, with the net GEX at spot', () => {
    const hf = curve(handChain(MIXED));
    expect(hf.linearUsd[0]).toBeCloseTo(hf.netGex * 10, 6);
    expect(hf.linearUsd[40]).toBeCloseTo(-hf.netGex * 10, 6);
  });

  it('returns zero flows for an empty chain', () => {
    const hf = curve(handChain([]));
    expect(hf.flowUsd.every((f) => f === 0)).toBe(true);
    expect(hf.byExpiry).toEqual([]);
    expect(hf.dealerDelta).toBe(0);
  });
});
