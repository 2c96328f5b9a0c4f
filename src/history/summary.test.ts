import { describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { buildGexReport } from '../analytics/gexReport.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { readDeribitDir } from '../sources/deribit/index.js';
import { summarizeSnapshot } from './summary.js';

describe('summarizeSnapshot', () => {
  it.each([
    ['the Deribit BTC chain', () => readDeribitDir(DERIBIT_BTC_DIR)],
    ['the CBOE SPX chain', () => readCboeFile(CBOE_SPX_FILE)],
  ])('is the default report headline of %s, number for number', async (_, read) => {
    const snapshot = await read();
    const r = buildGexReport(snapshot);
    expect(summarizeSnapshot(snapshot)).toEqual({
      spot: r.spot,
      netGex: r.netGex,
      callGex: r.callGex,
      putGex: r.putGex,
      regime: r.regime,
      flips: r.gammaFlips,
      nearestFlip: r.nearestFlip,
      distanceToFlipPct: r.distanceToFlipPct,
      callWall: r.callWall,
      putWall: r.putWall,
      options: r.counts.options,
    });
  });
});
