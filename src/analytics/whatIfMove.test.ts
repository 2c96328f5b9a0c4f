import { describe, expect, it } from 'vitest';
import { DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { readDeribitDir } from '../sources/deribit/index.js';
import { buildFullReport } from './fullReport.js';
import { gexWeights, netGexAt } from './gexWeights.js';
import { positionedView } from './positionedView.js';
import { movedSnapshot, whatIfMove } from './whatIfMove.js';

const snapshot = await readDeribitDir(DERIBIT_BTC_DIR);
const all = { view: { kind: 'all' }, positioning: { model: 'classic' } } as const;

describe('whatIfMove', () => {
  it('the map after the move has the net GEX the profile gives at the moved spot (forwards move with spot, vols held)', () => {
    const { chain, q } = positionedView(snapshot, all);
    const w = gexWeights(chain, q);
    for (const move of [-0.08, -0.02, 0.03, 0.1]) {
      const expected = netGexAt(chain, w, snapshot.spot * (1 + move));
      const got = whatIfMove(snapshot, move).after.netGex;
      expect(Math.abs(got - expected)).toBeLessThan(1e-9 * Math.abs(expected) + 1e-6);
    }
  });

  it('keeps the flips that lie in both ranges: net GEX as a function of spot does not change with the move', () => {
    const before = buildFullReport(snapshot);
    const after = whatIfMove(snapshot, 0.02).after;
    const inBoth = (f: number) => f >= after.range.lo && f <= before.range.hi && f >= before.range.lo;
    const common = before.gammaFlips.filter(inBoth);
    expect(common.length).toBeGreaterThan(0);
    for (const f of common) expect(after.gammaFlips.some((g) => Math.abs(g - f) < 1e-6 * f)).toBe(true);
  });

  it('its hedge flow is the report curve at that move, with the sign dealers trade', () => {
    const report = buildFullReport(snapshot);
    const at = report.hedgeFlow.movesPct.indexOf(-5);
    const m = whatIfMove(snapshot, -0.05);
    expect(m.movePct).toBe(-5);
    expect(m.hedgeFlowUsd).toBeCloseTo(report.hedgeFlow.flowUsd[at]!, 3);
    expect(m.linearUsd).toBeCloseTo(-report.netGex * -5, 3);
  });

  it('refuses a move of 0 and one that would take spot to 0 or below', () => {
    expect(() => whatIfMove(snapshot, 0)).toThrow(/move 0 is no move/);
    expect(() => movedSnapshot(snapshot, -1)).toThrow(/above 0/);
  });
});
