import { describe, expect, it } from 'vitest';
import * as gexmap from '../../src/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

describe('the library entry point: mechanics', () => {
  it('exports buildFullReport and the mechanics parts by name, and renders the mechanics text', async () => {
    const snapshot = await gexmap.readDeribitDir(DERIBIT_BTC_DIR);
    const report = gexmap.buildFullReport(snapshot, { spotChangePct: 1.2, lookback: '24h' });
    expect(report.playbook.rules.map((r) => r.status)).toEqual(['not-fired', 'not-fired', 'not-fired']);
    expect(gexmap.renderMechanicsText(report, { color: false })).toContain('Playbook (price change over 24h)');
    const parts = [gexmap.hedgeFlowCurve, gexmap.vannaCharm, gexmap.rollOff, gexmap.skewReport, gexmap.pinsOf];
    for (const f of [...parts, gexmap.evaluatePlaybook, gexmap.summarizePutTrades]) expect(typeof f).toBe('function');
    expect(gexmap.DEFAULT_FULL_REPORT_OPTIONS).toMatchObject({ flowRange: 0.1, flowPoints: 41, pinDays: 7 });
  });
});
