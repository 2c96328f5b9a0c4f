import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { ChainInputError } from '../../src/chain/types.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { okxPayloads } from '../support/venueReplay/okx.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/okx/${name}.json`, import.meta.url), 'utf8'));
const input = () => ({
  instruments: fixture('instruments'),
  summaries: fixture('opt-summary'),
  openInterest: fixture('open-interest'),
  indexTickers: fixture('index-tickers'),
  source: 'fixture',
});

describe('parseOkxChain', () => {
  it('maps the documented fields: ctVal × ctMult coins per contract, oi in contracts, markVol as decimal, fwdPx as forward', () => {
    const s = parseOkxChain(input());
    expect(s.venue).toBe('okx');
    expect(s.underlying).toBe('BTC');
    expect(s.spot).toBe(91629.58);
    expect(s.asOf).toBe(1763551236870);
    const call = s.options.find((o) => o.instrument === 'BTC-USD-251128-90000-C');
    expect(call).toEqual({
      instrument: 'BTC-USD-251128-90000-C',
      expiry: 1764316800000,
      strike: 90000,
      type: 'C',
      openInterest: 12500,
      iv: 0.4712,
      forward: 91635.5,
      multiplier: 0.01,
    });
  });

  it('takes the contract size as ctVal × ctMult, whichever of the two carries it', () => {
    const scaled = input();
    for (const row of scaled.instruments.data) Object.assign(row, { ctVal: '0.1', ctMult: '20' });
    expect(parseOkxChain(scaled).options.map((o) => o.multiplier)).toEqual([2, 2]);
    const moved = input();
    for (const row of moved.instruments.data) Object.assign(row, { ctVal: '1', ctMult: '0.01' });
    expect(parseOkxChain(moved).options.map((o) => o.multiplier)).toEqual([0.01, 0.01]);
  });

  it('refuses a contract value counted in another currency than the coin', () => {
    const bad = input();
    bad.instruments.data[0].ctValCcy = 'USD';
    expect(() => parseOkxChain(bad)).toThrow(/ctValCcy \(USD\) is not the underlying coin BTC/);
  });

  it('drops a suspended instrument as inactive', () => {
    const s = parseOkxChain(input());
    expect(s.options.map((o) => o.instrument)).not.toContain('BTC-USD-251128-95000-C');
    expect(s.dropped).toContainEqual({
      where: 'BTC-USD-251128-95000-C',
      field: 'state',
      reason: 'inactive-instrument',
    });
  });

  it('names the instrument and field of a non-numeric value', () => {
    const bad = input();
    bad.summaries.data[1].markVol = 'n/a';
    expect(() => parseOkxChain(bad)).toThrow(/BTC-USD-251128-85000-P: markVol \("n\/a"\) is not a number/);
  });

  it('refuses a strike that disagrees with the instrument name', () => {
    const bad = input();
    bad.instruments.data[0].stk = '91000';
    expect(() => parseOkxChain(bad)).toThrow(ChainInputError);
    expect(() => parseOkxChain(bad)).toThrow(/stk \(91000\) disagrees with the name/);
  });

  it('refuses an open-interest row for an instrument that is not listed', () => {
    const bad = input();
    bad.openInterest.data.push({
      instType: 'OPTION',
      instId: 'BTC-USD-251128-99000-C',
      oi: '1',
      oiCcy: '0.01',
      ts: '0',
    });
    expect(() => parseOkxChain(bad)).toThrow(/BTC-USD-251128-99000-C: in \/api\/v5\/public\/open-interest but not in/);
  });

  it('refuses an error answer, naming the endpoint and the code', () => {
    const bad = { ...input(), summaries: { code: '50011', msg: 'Too Many Requests', data: [] } };
    expect(() => parseOkxChain(bad)).toThrow(/opt-summary: OKX answered with error "50011"/);
  });

  it('gives the same map as Deribit when it holds the same coins of open interest on the recorded chain', async () => {
    const okx = parseOkxChain({ ...okxPayloads(), source: '' });
    const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
    const a = buildGexReport(okx);
    const b = buildGexReport(deribit);
    expect(okx.options.length).toBe(deribit.options.length);
    expect(a.netGex).toBeCloseTo(b.netGex, -1);
    expect(Math.abs(a.netGex - b.netGex)).toBeLessThan(1e-6 * Math.abs(b.netGex) + 1);
    expect(a.callWall).toBe(b.callWall);
    expect(a.putWall).toBe(b.putWall);
  });
});
