import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { candlesFromSpots, type SpotPoint } from '../../src/history/candles.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

const DAY = 86_400_000;

// The 17 real CBOE SPX downloads of cboe-spx-history, read as an import reads them.
let points: SpotPoint[] = [];
beforeAll(async () => {
  for (const { file } of SPX_HISTORY_FILES) {
    const snap = await readCboeFile(resolve(SPX_HISTORY_DIR, file));
    points.push({ asOf: snap.asOf, spot: snap.spot });
  }
  points = points.reverse(); // not in time order: the function sorts
}, 120_000);

describe('candlesFromSpots', () => {
  it('makes one daily bar per real SPX download, opening at 00:00 UTC of its day, at the spot files.csv lists', () => {
    const bars = candlesFromSpots(points, 1440, 1000);
    expect(bars).toHaveLength(SPX_HISTORY_FILES.length);
    const bySpot = [...points].sort((a, b) => a.asOf - b.asOf);
    bars.forEach((b, i) => {
      const p = bySpot[i]!;
      expect(b.t).toBe(Math.floor(p.asOf / DAY) * DAY);
      expect(new Date(b.t).toISOString().slice(11)).toBe('00:00:00.000Z');
      expect([b.open, b.high, b.low, b.close]).toEqual([p.spot, p.spot, p.spot, p.spot]);
    });
    expect(bars.map((b) => b.close).sort()).toEqual(SPX_HISTORY_FILES.map((f) => f.spot).sort());
  });

  it('keeps the latest `count` bars', () => {
    const all = candlesFromSpots(points, 1440, 1000);
    expect(candlesFromSpots(points, 1440, 3)).toEqual(all.slice(-3));
  });

  it('puts the spots of the snapshots taken within one bar into it: first open, last close, extremes', () => {
    const t0 = Date.UTC(2024, 0, 2, 8);
    const at = (minutes: number, spot: number) => ({ asOf: t0 + minutes * 60_000, spot });
    // two 4-hour bars (08:00 and 12:00 UTC), a point on each edge, given out of order
    const bars = candlesFromSpots(
      [at(239.99, 103), at(0, 100), at(60, 104), at(120, 99), at(240, 98), at(300, 97.5), at(479, 99.25)],
      240,
      10,
    );
    expect(bars).toEqual([
      { t: t0, open: 100, high: 104, low: 99, close: 103 },
      { t: t0 + 4 * 3_600_000, open: 98, high: 99.25, low: 97.5, close: 99.25 },
    ]);
  });

  it('refuses a spot that is not a positive price, naming its time', () => {
    expect(() => candlesFromSpots([{ asOf: 0, spot: Number.NaN }], 60, 10)).toThrow(
      'snapshot at 1970-01-01T00:00:00.000Z: spot (NaN) must be a positive price',
    );
  });
});
