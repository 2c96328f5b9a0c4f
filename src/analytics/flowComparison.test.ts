import { describe, expect, it } from 'vitest';
import { handChain } from '../../test/support/syntheticChain.js';
import { flowPositions, type TakerFlow } from '../positioning/flow.js';
import { compareFlow } from './flowComparison.js';
import { buildGexReport } from './gexReport.js';

const snap = handChain([
  { strike: 95, type: 'P', oi: 400, days: 2 },
  { strike: 100, type: 'C', oi: 300, days: 2 },
  { strike: 105, type: 'C', oi: 500, days: 20 },
  { strike: 90, type: 'P', oi: 200, days: 20 },
]);
const names = snap.options.map((o) => o.instrument);
const trade = (net: number): TakerFlow => ({ net, trades: 3, blockTrades: 0, firstTrade: 1, lastTrade: 2 });
// customers bought the 105 calls and sold the 95 puts: dealers short the calls, long the puts
const flow = flowPositions(
  snap.options,
  new Map([
    [names[0]!, trade(-150)],
    [names[2]!, trade(250)],
  ]),
);
const FIELDS = ['netGex', 'regime', 'nearestFlip', 'distanceToFlipPct', 'callWall', 'putWall', 'absGammaStrike'];
const pick = (r: object) => Object.fromEntries(FIELDS.map((k) => [k, (r as Record<string, unknown>)[k]]));

describe('compareFlow: classic and flow positioning side by side', () => {
  const view = { kind: 'all' } as const;
  const cmp = compareFlow(snap, flow, { view, range: 0.2 });

  it('states each side as the GEX report of that positioning has it, in the same field order', () => {
    expect(cmp.classic).toEqual(pick(buildGexReport(snap, { view, range: 0.2 })));
    expect(cmp.flow).toEqual(
      pick(buildGexReport(snap, { view, range: 0.2, positioning: { model: 'flow', positions: flow.positions } })),
    );
    expect(Object.keys(cmp.flow)).toEqual(FIELDS);
    expect(cmp.flow.netGex).not.toBe(cmp.classic.netGex);
  });

  it('carries the coverage of the tape', () => {
    expect(cmp.coverage).toBe(flow.coverage);
    expect(cmp.coverage.traded).toBe(2);
  });
});
