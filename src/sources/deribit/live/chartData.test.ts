import { describe, expect, it } from 'vitest';
import { mergeBars } from '../../../core/bars.js';
import { parseChartData, perpetualOf } from './chartData.js';
import { deribitMarket } from './market.js';

// The shape of a public/get_tradingview_chart_data result as Deribit's API reference documents it
// (no answer of it is recorded among the venue captures): parallel arrays, one candle per index,
// `ticks` the bar open times in ms, `status` ok or no_data.
const answer = {
  volume: [12.5, 3.2, 7.75],
  ticks: [1763539200000, 1763542800000, 1763546400000],
  status: 'ok',
  open: [91510.5, 91650, 91480],
  low: [91420, 91400.5, 91300],
  high: [91700, 91690, 91555.5],
  cost: [1143000, 293400, 708600],
  close: [91650, 91480, 91530],
};

describe('parseChartData', () => {
  it('reads each index of the arrays as one bar, oldest first', () => {
    expect(parseChartData(answer, 'BTC-PERPETUAL')).toEqual([
      { t: 1763539200000, open: 91510.5, high: 91700, low: 91420, close: 91650 },
      { t: 1763542800000, open: 91650, high: 91690, low: 91400.5, close: 91480 },
      { t: 1763546400000, open: 91480, high: 91555.5, low: 91300, close: 91530 },
    ]);
  });

  it('reads no_data as no bars', () => {
    expect(parseChartData({ ...answer, status: 'no_data', ticks: [] }, 'BTC-PERPETUAL')).toEqual([]);
  });

  it.each([
    [{ ...answer, close: [91650, 91480] }, 'close has 2 values for 3 ticks'],
    [{ ...answer, open: [91510.5, null, 91480] }, 'open[1] (null) must be a positive finite price'],
    [{ ...answer, low: [91420, 0, 91300] }, 'low[1] (0) must be a positive finite price'],
    [{ ...answer, ticks: [1763539200000, 1763539200000, 1763546400000] }, 'ticks[1] (1763539200000) does not increase'],
    [
      { ...answer, ticks: [1763539200000, '1763542800000', 1763546400000] },
      'ticks[1] ("1763542800000") is not a time in ms',
    ],
    [
      { ...answer, high: [91600, 91690, 91555.5] },
      'ticks[0] bar low 91420 / high 91600 does not hold open 91510.5 and close 91650',
    ],
    [{ ...answer, status: 'error' }, 'status ("error") must be ok or no_data'],
    [{ ...answer, high: undefined }, 'high is not an array'],
    [[answer], 'result is not an object'],
  ])('refuses a bad answer naming the instrument, field and index (%#)', (bad, why) => {
    expect(() => parseChartData(bad, 'BTC-PERPETUAL')).toThrow(
      `public/get_tradingview_chart_data BTC-PERPETUAL: ${why}`,
    );
  });
});

describe('mergeBars', () => {
  it('merges hourly bars into 4-hour ones aligned on the UTC epoch: first open, last close, extremes', () => {
    const h = 3_600_000;
    const t0 = Date.UTC(2025, 10, 19, 2); // 02:00: the 00:00 bar holds two hours, the 04:00 bar three
    const hourly = [100, 101, 102, 103, 104].map((p, i) => ({
      t: t0 + i * h,
      open: p,
      high: p + 2,
      low: p - 1,
      close: p + 0.5,
    }));
    expect(mergeBars(hourly, 240)).toEqual([
      { t: Date.UTC(2025, 10, 19, 0), open: 100, high: 103, low: 99, close: 101.5 },
      { t: Date.UTC(2025, 10, 19, 4), open: 102, high: 106, low: 101, close: 104.5 },
    ]);
  });
});

describe('perpetualOf', () => {
  it('names the perpetual of the chain: BTC-PERPETUAL for the inverse options, SOL_USDC-PERPETUAL for the linear ones', () => {
    expect(perpetualOf(deribitMarket('btc'))).toBe('BTC-PERPETUAL');
    expect(perpetualOf(deribitMarket('ETH'))).toBe('ETH-PERPETUAL');
    expect(perpetualOf(deribitMarket('SOL'))).toBe('SOL_USDC-PERPETUAL');
    expect(perpetualOf(deribitMarket('BTC_USDC'))).toBe('BTC_USDC-PERPETUAL');
  });
});
