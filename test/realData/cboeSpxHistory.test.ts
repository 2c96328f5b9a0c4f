import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { newYorkQuoteTime, SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

// 17 real CBOE downloads (2022-02 → 2024-01) whose title lines differ with the browser that saved them
// (see PROVENANCE.md there); files.csv gives each one's quote time (New York) and spot.

describe('the 17 real CBOE SPX downloads of cboe-spx-history', () => {
  it('lists 17 files', () => {
    expect(SPX_HISTORY_FILES).toHaveLength(17);
  });

  it.each(SPX_HISTORY_FILES)(
    '$file: asOf is the quote time $quoteTime, spot $spot, and it reports, with certified flips',
    async ({ file, quoteTime, spot }) => {
      const snapshot = await readCboeFile(resolve(SPX_HISTORY_DIR, file));
      expect(new Date(snapshot.asOf).toISOString()).toBe(new Date(newYorkQuoteTime(quoteTime)).toISOString());
      expect(snapshot.spot).toBe(spot);
      expect(snapshot.underlying).toBe('SPX');
      const report = buildGexReport(snapshot);
      expect(report.counts.options).toBeGreaterThan(10_000);
      expect(Number.isFinite(report.netGex)).toBe(true);
      expect(report.flipSearch).toMatchObject({ certified: true, touches: [] });
      expect(report.conventions.asOfSource).toContain(`read as ${new Date(snapshot.asOf).toISOString()}`);
      expect(report.conventions.settlement).toContain('SPX 09:30 New York (AM-settled');
    },
  );

  it('states the reading of a day-month, 24 h, UTC−4 title line (Unicode minus) in the conventions', async () => {
    const snapshot = await readCboeFile(resolve(SPX_HISTORY_DIR, 'spx_quotedata_2023-04-05_1941ET.csv'));
    expect(snapshot.sourceConventions?.asOfSource).toBe(
      '"Date: 5 April 2023, 19:41 UTC−4" on line 3 read as 2023-04-05T23:41:00.000Z: 2023-04-05 (month name) 19:41:00 UTC-04:00 (UTC-4)',
    );
  });

  it('prices every file on implied forwards with --forward implied, counting the expiries that fall back', async () => {
    for (const { file } of SPX_HISTORY_FILES) {
      const snapshot = await readCboeFile(resolve(SPX_HISTORY_DIR, file), { forward: 'implied' });
      expect(snapshot.model.kind, file).toBe('black76');
      expect(snapshot.sourceConventions?.forwardSource, file).toMatch(
        /^put-call parity per expiry: .* \d+ of \d+ expiries implied/,
      );
      for (const o of snapshot.options)
        expect(Math.abs(o.forward / snapshot.spot - 1), o.instrument).toBeLessThan(0.25);
    }
  });

  it('on the intraday file (13:40 New York) finds the 0DTE parity forward at spot and later forwards above it (r > q in 2023)', async () => {
    const s = await readCboeFile(resolve(SPX_HISTORY_DIR, 'spx_quotedata_2023-06-09_1340ET.csv'), {
      forward: 'implied',
    });
    const forwardOn = (iso: string) => s.options.find((o) => new Date(o.expiry).toISOString() === iso)!.forward;
    expect(Math.abs(forwardOn('2023-06-09T20:00:00.000Z') / s.spot - 1)).toBeLessThan(2e-4);
    expect(forwardOn('2025-12-19T14:30:00.000Z')).toBeGreaterThan(s.spot * 1.05);
  });
});
