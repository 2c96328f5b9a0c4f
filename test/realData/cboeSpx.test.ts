import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport, type GexReport } from '../../src/analytics/gexReport.js';
import { gexWeights } from '../../src/analytics/gexWeights.js';
import { gexProfile, gexProfileDirect } from '../../src/analytics/profile.js';
import { toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { bsm } from '../../src/core/bsm.js';
import { dealerPositions } from '../../src/positioning/models.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

const YEAR_MS = 365 * 86_400_000;
let snapshot: ChainSnapshot;
let report: GexReport;

beforeAll(async () => {
  snapshot = await readCboeFile(CBOE_SPX_FILE);
  report = buildGexReport(snapshot);
});

describe('CBOE SPX 2022-12-12 under classic positioning', () => {
  // 51 expiries on 46 dates: on 5 dates the AM-settled SPX monthly (09:30) and the PM SPXW (16:00) both expire
  it('reads 13,168 options with OI over 51 live expiries (46 dates) and reports the drops by reason', () => {
    expect(report.counts).toMatchObject({ options: 13_168, expiries: 51 });
    expect(report.dropped).toEqual({
      expired: 286,
      'zero-open-interest': 4543,
      'no-implied-vol': 1159,
    });
  });

  it('matches net GEX computed option by option with the BSM kernel (spot gamma × S² × 100 × 0.01)', () => {
    let want = 0;
    for (const o of snapshot.options) {
      const t = (o.expiry - snapshot.asOf) / YEAR_MS;
      const g = bsm({
        phi: o.type === 'C' ? 1 : -1,
        spot: snapshot.spot,
        strike: o.strike,
        vol: o.iv,
        t,
        rate: 0,
        yield: 0,
      });
      want += (o.type === 'C' ? 1 : -1) * o.openInterest * 100 * g.gamma * snapshot.spot ** 2 * 0.01;
    }
    expect(Math.abs(report.netGex - want)).toBeLessThan(1e-9 * Math.abs(want));
  });

  it('is in the negative regime with the nearest flip just above spot near 4,005', () => {
    expect(report.regime).toBe('negative');
    expect(report.nearestFlip).toBeGreaterThan(3_995);
    expect(report.nearestFlip).toBeLessThan(4_015);
    expect(report.callWall).toBe(4_000);
    expect(report.putWall).toBe(4_000);
    expect(report.oiClusters[0]).toMatchObject({ strike: 4_000 });
  });

  it('has a fast 1,000-point profile equal to the direct formula to 1e-9 of the absolute sum of terms', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
    const grid = { lo: snapshot.spot * 0.8, hi: snapshot.spot * 1.2, points: 1000 };
    const fast = gexProfile(chain, w, grid);
    const direct = gexProfileDirect(chain, w, grid);
    for (let j = 0; j < grid.points; j++) {
      const s = fast.spots[j]!;
      let absSum = 0;
      const x = Math.log(s);
      for (let i = 0; i < chain.n; i++) {
        const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
        absSum += Math.abs(s * w[i]! * Math.exp(-0.5 * d1 * d1));
      }
      expect(Math.abs(fast.netGex[j]! - direct.netGex[j]!), `point ${j} (S = ${s})`).toBeLessThanOrEqual(1e-9 * absSum);
    }
  });

  it('takes --rate and --yield into the BSM model and its conventions', async () => {
    const withRates = await readCboeFile(CBOE_SPX_FILE, { rate: 0.04, yield: 0.015 });
    const r = buildGexReport(withRates);
    expect(r.conventions.model).toMatch(/rate 0.04, yield 0.015/);
    expect(r.netGex).not.toBeCloseTo(report.netGex, -6);
  });
});
