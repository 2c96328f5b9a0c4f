import { describe, expect, it } from 'vitest';
import { toColumnar } from '../chain/columnar.js';
import type { OptionQuote } from '../chain/types.js';
import { flowPositioning, flowPositions, type TakerFlow } from './flow.js';
import { dealerPositions } from './models.js';

const flow = (net: number, extra: Partial<TakerFlow> = {}): TakerFlow => ({
  net,
  trades: 1,
  blockTrades: 0,
  firstTrade: 1000,
  lastTrade: 1000,
  ...extra,
});

const options = [
  { instrument: 'A-C', openInterest: 100, multiplier: 1 },
  { instrument: 'B-P', openInterest: 50, multiplier: 1 },
  { instrument: 'C-C', openInterest: 10, multiplier: 1 },
  { instrument: 'D-P', openInterest: 40, multiplier: 1 },
];

describe('flow positioning: dealers take the other side of the taker', () => {
  it('puts dealers short what customers bought net, and long what they sold net', () => {
    const r = flowPositions(
      options,
      new Map([
        ['A-C', flow(30)],
        ['B-P', flow(-20)],
      ]),
    );
    expect(r.positions).toEqual({ 'A-C': -30, 'B-P': 20 });
  });

  it('bounds a position by the open interest and counts the capped options', () => {
    const r = flowPositions(
      options,
      new Map([
        ['C-C', flow(25)],
        ['D-P', flow(-90)],
      ]),
    );
    expect(r.positions).toEqual({ 'C-C': -10, 'D-P': 40 });
    expect(r.coverage.capped).toBe(2);
  });

  it('converts base-coin amounts to contracts with the contract size (10 SOL a contract)', () => {
    const r = flowPositions(
      [{ instrument: 'SOL_USDC-X-C', openInterest: 100, multiplier: 10 }],
      new Map([['SOL_USDC-X-C', flow(250)]]),
    );
    expect(r.positions).toEqual({ 'SOL_USDC-X-C': -25 });
  });

  it('reports coverage: share of open interest explained, trades, block trades, first and last trade', () => {
    const r = flowPositions(
      options,
      new Map([
        ['A-C', flow(30, { trades: 4, blockTrades: 1, firstTrade: 500, lastTrade: 900 })],
        ['B-P', flow(-20, { trades: 2, firstTrade: 700, lastTrade: 2000 })],
        ['EXPIRED-C', flow(5, { trades: 3 })],
      ]),
    );
    expect(r.coverage).toEqual({
      openInterest: 200,
      explained: 50,
      share: 0.25,
      options: 4,
      traded: 2,
      capped: 0,
      trades: 6,
      blockTrades: 1,
      firstTrade: 500,
      lastTrade: 2000,
      tradesOutsideChain: 3,
    });
  });

  it('has no coverage and no positions without trades', () => {
    const r = flowPositions(options, new Map());
    expect(r.positions).toEqual({});
    expect(r.coverage).toMatchObject({ share: 0, traded: 0, firstTrade: null, lastTrade: null });
  });

  it('feeds dealerPositions, which ignores tape names outside the chain and counts the unpositioned', () => {
    const quotes: OptionQuote[] = options.map((o, i) => ({
      instrument: o.instrument,
      expiry: 10 * 86_400_000,
      strike: 100 + i,
      type: o.instrument.endsWith('C') ? 'C' : 'P',
      openInterest: o.openInterest,
      iv: 0.5,
      forward: 100,
      multiplier: 1,
    }));
    const chain = toColumnar({ spot: 100, asOf: 0, model: { kind: 'black76', rate: 0 } }, quotes);
    const positioning = flowPositioning(
      flowPositions(
        options,
        new Map([
          ['A-C', flow(30)],
          ['GONE-C', flow(7)],
        ]),
      ),
    );
    const { q, unpositioned } = dealerPositions(chain, positioning);
    expect(Array.from(q)).toEqual([-30, 0, 0, 0]);
    expect(unpositioned).toBe(3);
  });
});
