import { beforeAll, describe, expect, it } from 'vitest';
import { DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import type { Positioning } from '../positioning/models.js';
import { readDeribitDir } from '../sources/deribit/read.js';
import { buildGexReport } from './gexReport.js';
import { liveMetricsFor } from './live.js';
import { type ExpiryView, selectExpiries } from './views.js';

let snapshot: ChainSnapshot;
beforeAll(async () => {
  snapshot = await readDeribitDir(DERIBIT_BTC_DIR);
});

const VIEWS: ExpiryView[] = [
  { kind: 'all' },
  { kind: 'next' },
  { kind: 'ex-next' },
  { kind: 'within-days', days: 7 },
  { kind: 'within-days', days: 45 },
];
const MODELS: Positioning[] = [{ model: 'classic' }, { model: 'customer-long' }];

describe('live metrics of the whole chain under a view (positions outside it masked)', () => {
  for (const view of VIEWS) {
    for (const positioning of MODELS) {
      it(`equal the report of the ${view.kind}${view.kind === 'within-days' ? ` ${view.days}` : ''} view, ${positioning.model}`, () => {
        const live = liveMetricsFor(toColumnar(snapshot, snapshot.options), { positioning, view, range: 0.15 });
        const report = buildGexReport(snapshot, { positioning, view, range: 0.15 });
        expect(live.options).toBe(snapshot.options.length);
        expect(live.positioned).toBe(selectExpiries(snapshot, view).filter((o) => o.openInterest !== 0).length);
        expect(live.positioned).toBeLessThanOrEqual(report.counts.options);
        expect(Math.abs(live.netGex - report.netGex)).toBeLessThan(1e-9 * Math.abs(report.netGex));
        expect(Math.abs(live.callGex - report.callGex)).toBeLessThan(1e-9 * Math.abs(report.callGex));
        expect(live.regime).toBe(report.regime);
        expect(live.gammaFlips.length).toBe(report.gammaFlips.length);
        live.gammaFlips.forEach((f, k) => {
          expect(Math.abs(f - (report.gammaFlips[k] as number))).toBeLessThan(1e-7 * f);
        });
        expect([live.callWall, live.putWall, live.absGammaStrike]).toEqual([
          report.callWall,
          report.putWall,
          report.absGammaStrike,
        ]);
      });
    }
  }

  it('differ from the whole chain once a view leaves expiries out', () => {
    const chain = toColumnar(snapshot, snapshot.options);
    const all = liveMetricsFor(chain, { positioning: { model: 'classic' } });
    const next = liveMetricsFor(chain, { positioning: { model: 'classic' }, view: { kind: 'next' } });
    expect(next.positioned).toBeLessThan(all.positioned);
    expect(next.netGex).not.toBe(all.netGex);
  });
});
