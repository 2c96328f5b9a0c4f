import { describe, expect, it } from 'vitest';
import * as gexmap from '../src/index.js';
import { DERIBIT_BTC_DIR } from './golden/paths.js';

describe('the library entry point', () => {
  it('exports the reader, report builder and kernels by name, and they work together', async () => {
    const snapshot = await gexmap.readDeribitDir(DERIBIT_BTC_DIR);
    const report = gexmap.buildGexReport(snapshot, { positioning: { model: 'classic' }, view: { kind: 'all' } });
    expect(report.regime).toBe('negative');
    expect(typeof gexmap.black76Gamma(100, 100, 0.5, 0.1)).toBe('number');
    expect(typeof gexmap.impliedVol).toBe('function');
    expect(typeof gexmap.parseCboeCsv).toBe('function');
  });
});
