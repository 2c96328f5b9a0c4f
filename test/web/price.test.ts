import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportQuerySchema } from '../../src/server/query.js';
import { coreReportBuilder } from '../../src/server/reportCache.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { type Candle, type HistoryPoint, priceLevels, pricePanel } from '../../web/src/panels/price.js';
import type { Report } from '../../web/src/report.js';
import { CBOE_SPX_FILE, DATA_DIR } from '../golden/paths.js';

let report: Report;
let candles: Candle[];

beforeAll(async () => {
  report = coreReportBuilder(await readCboeFile(CBOE_SPX_FILE), reportQuerySchema.parse({}));
  // the real SPX daily bars of the 20 sessions up to the chain's date
  candles = readFileSync(resolve(DATA_DIR, 'cboe-spx-history/spx_daily_ohlc.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([date]) => (date ?? '') >= '2022-11-14' && (date ?? '') <= '2022-12-12')
    .map(([d, o, h, l, c]) => ({
      t: `${d}T14:30:00.000Z`,
      open: Number(o),
      high: Number(h),
      low: Number(l),
      close: Number(c),
    }));
});

const point = (time: string, flip: number | null): HistoryPoint => ({
  venue: 'cboe',
  underlying: 'SPX',
  asOf: Date.parse(time),
  nearestFlip: flip,
  callWall: 4000,
  putWall: 3900,
});

describe('the price chart', () => {
  it('draws the map’s flips, walls, abs-gamma strike and next max pain as lines on the candles', () => {
    const panel = pricePanel(report, { candles: { source: 'cboe-spx', resolution: 1440, from: 'venue', candles } }, []);
    const series = panel.option.series as { type: string; data: unknown[]; markLine?: { data: { yAxis: number }[] } }[];
    const bars = series.find((s) => s.type === 'candlestick');
    expect(bars?.data).toHaveLength(candles.length);
    const levels = [
      ...report.gammaFlips,
      report.callWall,
      report.putWall,
      report.absGammaStrike,
      report.maxPain[0]?.strike,
    ];
    expect(bars?.markLine?.data.map((d) => d.yAxis)).toEqual(levels);
    expect(panel.marks?.levels.map((m) => m.value)).toEqual(levels);
    expect(priceLevels(report).map((m) => m.text.split(' ')[0])).toEqual(['flip', 'call', 'put', 'abs', 'max']);
  });

  it('adds the stored flip and walls of this chain within the candles’ span as step lines', () => {
    const history = [
      point('2022-11-20T00:00:00Z', 3950),
      point('2022-12-05T00:00:00Z', null),
      point('2021-01-01T00:00:00Z', 3000), // before the candles: not drawn
      { ...point('2022-12-01T00:00:00Z', 1), underlying: 'NDX' }, // another chain
    ];
    const panel = pricePanel(
      report,
      { candles: { source: 'cboe-spx', resolution: 1440, from: 'snapshots', candles } },
      history,
    );
    const steps = (panel.option.series as { name: string; step?: string; data: [number, number | null][] }[]).filter(
      (s) => s.step === 'end',
    );
    expect(steps.map((s) => s.name)).toEqual(['flip (history)', 'call wall (history)', 'put wall (history)']);
    expect(steps[0]?.data).toEqual([
      [Date.parse('2022-11-20T00:00:00Z'), 3950],
      [Date.parse('2022-12-05T00:00:00Z'), null],
    ]);
  });

  it('says why there is no chart when the source has no prices', () => {
    const panel = pricePanel(report, { missing: 'no price data for this source' }, []);
    expect(panel.note).toBe('no price data for this source');
    expect(panel.option.series).toBeUndefined();
  });
});
