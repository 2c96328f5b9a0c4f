import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { venueBreakdown } from '../../src/analytics/venues.js';
import { aggregateChains } from '../../src/chain/aggregate.js';
import { ChainInputError, type ChainSnapshot } from '../../src/chain/types.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { okxPayloads } from '../support/venueReplay/okx.js';

let deribit: ChainSnapshot;
let okx: ChainSnapshot;

beforeAll(async () => {
  deribit = await readDeribitDir(DERIBIT_BTC_DIR);
  // OKX holds a different book: 30 % of Deribit's call OI and 70 % of its put OI, none below 80k
  okx = parseOkxChain({
    ...okxPayloads({
      ctVal: '1',
      ctMult: '0.01',
      oiShare: (o) => (o.strike < 80_000 ? 0 : o.type === 'C' ? 0.3 : 0.7),
    }),
    source: 'okx replay',
  });
});

const sumBy = (rows: readonly { strike: number; netGex: number }[]) => {
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.strike, (m.get(r.strike) ?? 0) + r.netGex);
  return m;
};

describe('aggregateChains', () => {
  it('keeps every option with its venue, forward, IV and multiplier under a venue-prefixed name', () => {
    const agg = aggregateChains([deribit, okx]);
    expect(agg.venue).toBe('aggregate');
    expect(agg.options.length).toBe(deribit.options.length + okx.options.length);
    const o = okx.options[0]!;
    const inAgg = agg.options.find((x) => x.instrument === `okx:${o.instrument}`);
    expect(inAgg).toEqual({ ...o, instrument: `okx:${o.instrument}`, venue: 'okx' });
    expect(new Set(agg.options.map((x) => x.instrument)).size).toBe(agg.options.length);
  });

  it("takes spot from the reference venue's index and asOf from the latest snapshot", () => {
    const moved = { ...okx, spot: okx.spot * 1.001, asOf: okx.asOf + 1000 };
    expect(aggregateChains([deribit, moved]).spot).toBe(deribit.spot);
    expect(aggregateChains([deribit, moved], { referenceVenue: 'okx' }).spot).toBe(moved.spot);
    expect(aggregateChains([deribit, moved]).asOf).toBe(moved.asOf);
  });

  it('refuses mixed underlyings, a venue given twice, snapshots too far apart and an unknown reference', () => {
    expect(() => aggregateChains([deribit, { ...okx, underlying: 'ETH' }])).toThrow(/underlying \(ETH\)/);
    expect(() => aggregateChains([deribit, deribit])).toThrow(/venue deribit given twice/);
    expect(() => aggregateChains([deribit, { ...okx, asOf: okx.asOf + 3_600_000 }])).toThrow(/apart/);
    expect(() => aggregateChains([deribit, okx], { referenceVenue: 'bybit' })).toThrow(ChainInputError);
    expect(() => aggregateChains([])).toThrow(/no snapshots/);
  });
});

describe('aggregated map and per-venue breakdown on the recorded BTC chain', () => {
  it("has a net GEX equal to the sum of each venue's own map", () => {
    const agg = buildGexReport(aggregateChains([deribit, okx]));
    const d = buildGexReport(deribit);
    const o = buildGexReport(okx);
    expect(o.netGex).not.toBe(0);
    expect(Math.abs(agg.netGex - (d.netGex + o.netGex))).toBeLessThan(1e-9 * Math.abs(d.netGex) + 1e-6);
  });

  it("has, strike by strike, the sum of each venue's by-strike GEX", () => {
    const agg = sumBy(buildGexReport(aggregateChains([deribit, okx])).byStrike);
    const parts = [sumBy(buildGexReport(deribit).byStrike), sumBy(buildGexReport(okx).byStrike)];
    const strikes = new Set([...parts[0]!.keys(), ...parts[1]!.keys()]);
    expect(new Set(agg.keys())).toEqual(strikes);
    for (const k of strikes) {
      const sum = (parts[0]!.get(k) ?? 0) + (parts[1]!.get(k) ?? 0);
      expect(Math.abs(agg.get(k)! - sum), `strike ${k}`).toBeLessThan(1e-9 * Math.abs(sum) + 1e-6);
    }
  });

  it('breaks the map down by venue: shares that add up to one, walls per venue', () => {
    const agg = aggregateChains([deribit, okx]);
    const total = buildGexReport(agg);
    const b = venueBreakdown(agg);
    expect(b.venues.map((v) => v.venue)).toEqual(['deribit', 'okx']);
    expect(Math.abs(b.netGex - total.netGex)).toBeLessThan(1e-9 * Math.abs(total.netGex) + 1e-6);
    const shares = b.venues.map((v) => v.shareOfNet ?? Number.NaN);
    expect(shares[0]! + shares[1]!).toBeCloseTo(1, 12);
    expect(b.venues[1]!.options).toBe(okx.options.length);
    const own = buildGexReport(okx);
    expect(b.venues[1]!.callWall).toBe(own.callWall);
    expect(b.venues[1]!.putWall).toBe(own.putWall);
    expect(b.venues[1]!.putWall).toBeGreaterThanOrEqual(80_000);
  });

  it('gives each venue only its own part of a user book written in the aggregated names', () => {
    const agg = aggregateChains([deribit, okx]);
    const name = agg.options.find((o) => o.venue === 'okx')!.instrument;
    const b = venueBreakdown(agg, { positioning: { model: 'positions', positions: { [name]: -100 } } });
    expect(b.venues[0]!.netGex).toBe(0);
    expect(b.venues[1]!.netGex).toBeLessThan(0);
  });
});
