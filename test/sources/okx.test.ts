import { describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { ChainInputError } from '../../src/chain/types.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { venueCapture } from '../support/venueCaptures.js';
import { okxPayloads } from '../support/venueReplay/okx.js';

// OKX's answers as captured (../shared/data/venues/okx, see its SOURCE.txt): nautilus_trader's
// instruments and opt-summary answers for the BTC-USD 17 Dec 2024 expiry. The open-interest and
// index rows are the captured rows' fields (tardis, ETH-USD) pointed at those BTC-USD instruments.
const capture = (file: string) => venueCapture('okx', file);
const [indexFrame, oiFrame] = capture('ws-index-tickers-open-interest-2021-12-tardis.json');

function input() {
  const instruments = capture('rest-instruments-option-nautilus.json');
  const oiRow = oiFrame.data[0];
  const openInterest = {
    code: '0',
    msg: '',
    data: instruments.data.map((r: { instId: string }) => ({ ...oiRow, instId: r.instId })),
  };
  const indexTickers = { code: '0', msg: '', data: [{ ...indexFrame.data[0], instId: 'BTC-USD', idxPx: '96500' }] };
  return {
    instruments,
    summaries: capture('rest-opt-summary-nautilus.json'),
    openInterest,
    indexTickers,
    source: 'capture',
  };
}

/** The recorded 2021 ETH-USD frames, as OKX answered before fwdPx: instruments named after their rows. */
function input2021() {
  const [first, second] = capture('ws-opt-summary-2021-12-tardis.json');
  const rows = [...first.data, ...second.data];
  const template = capture('rest-instruments-option-nautilus.json').data[0];
  const instruments = rows.map((r: { instId: string }) => {
    const [, , date, stk, optType] = r.instId.split('-') as [string, string, string, string, string];
    const expTime = Date.parse(`20${date.slice(0, 2)}-${date.slice(2, 4)}-${date.slice(4)}T08:00:00Z`);
    return {
      ...template,
      instId: r.instId,
      uly: 'ETH-USD',
      instFamily: 'ETH-USD',
      ctValCcy: 'ETH',
      settleCcy: 'ETH',
      stk,
      optType,
      expTime: String(expTime),
    };
  });
  return {
    instruments: { code: '0', msg: '', data: instruments },
    summaries: { code: '0', msg: '', data: rows },
    openInterest: { code: '0', msg: '', data: oiFrame.data },
    indexTickers: { code: '0', msg: '', data: indexFrame.data },
    source: 'capture',
  };
}

describe('parseOkxChain on OKX’s captured answers', () => {
  it('maps the fields: ctVal × ctMult coins per contract, oi in contracts, markVol as decimal, fwdPx as forward', () => {
    const s = parseOkxChain(input());
    expect(s.venue).toBe('okx');
    expect(s.underlying).toBe('BTC');
    expect(s.spot).toBe(96500);
    expect(s.asOf).toBe(1734166000000);
    const call = s.options.find((o) => o.instrument === 'BTC-USD-241217-92000-C');
    expect(call).toEqual({
      instrument: 'BTC-USD-241217-92000-C',
      expiry: 1734422400000,
      strike: 92000,
      type: 'C',
      openInterest: 36,
      iv: 0.455,
      forward: 97000,
      multiplier: 0.01,
    });
  });

  it('reads the 2021 answers without fwdPx: each option dropped as missing-forward on fwdPx and counted, not thrown', () => {
    const s = parseOkxChain(input2021());
    expect(s.underlying).toBe('ETH');
    expect(s.spot).toBe(3814.05);
    expect(s.options).toEqual([]);
    expect(s.dropped.filter((d) => d.reason === 'missing-forward')).toEqual([
      { where: 'ETH-USD-211222-4000-C', field: 'fwdPx', reason: 'missing-forward' },
      { where: 'ETH-USD-211231-9600-C', field: 'fwdPx', reason: 'missing-forward' },
      { where: 'ETH-USD-211227-4150-P', field: 'fwdPx', reason: 'missing-forward' },
    ]);
  });

  it('gives a row without fwdPx (absent or empty) its expiry’s forward from the other rows', () => {
    const mixed = input();
    delete mixed.summaries.data[0].fwdPx;
    mixed.summaries.data[1].fwdPx = '';
    mixed.summaries.data[2].fwdPx = '97100';
    const s = parseOkxChain(mixed);
    expect(s.options.map((o) => [o.instrument, o.forward])).toEqual([
      ['BTC-USD-241217-92000-C', 97050],
      ['BTC-USD-241217-92000-P', 97050],
      ['BTC-USD-241217-94000-C', 97100],
      ['BTC-USD-241217-94000-P', 97000],
    ]);
    expect(s.dropped).toEqual([]);
  });

  it('takes the contract size as ctVal × ctMult, whichever of the two carries it', () => {
    const scaled = input();
    for (const row of scaled.instruments.data) Object.assign(row, { ctVal: '0.1', ctMult: '20' });
    expect(parseOkxChain(scaled).options.map((o) => o.multiplier)).toEqual([2, 2, 2, 2]);
    const moved = input();
    for (const row of moved.instruments.data) Object.assign(row, { ctVal: '0.01', ctMult: '1' });
    expect(parseOkxChain(moved).options.map((o) => o.multiplier)).toEqual([0.01, 0.01, 0.01, 0.01]);
  });

  it('refuses a contract value counted in another currency than the coin', () => {
    const bad = input();
    bad.instruments.data[0].ctValCcy = 'USD';
    expect(() => parseOkxChain(bad)).toThrow(/ctValCcy \(USD\) is not the underlying coin BTC/);
  });

  it('drops a suspended instrument as inactive', () => {
    const suspended = input();
    suspended.instruments.data[3].state = 'suspend';
    const s = parseOkxChain(suspended);
    expect(s.options.map((o) => o.instrument)).not.toContain('BTC-USD-241217-94000-P');
    expect(s.dropped).toContainEqual({
      where: 'BTC-USD-241217-94000-P',
      field: 'state',
      reason: 'inactive-instrument',
    });
  });

  it('names the instrument and field of a non-numeric value', () => {
    const bad = input();
    bad.summaries.data[1].markVol = 'n/a';
    expect(() => parseOkxChain(bad)).toThrow(/BTC-USD-241217-92000-P: markVol \("n\/a"\) is not a number/);
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
      instId: 'BTC-USD-241217-99000-C',
      oi: '1',
      oiCcy: '0.01',
      ts: '0',
    });
    expect(() => parseOkxChain(bad)).toThrow(/BTC-USD-241217-99000-C: in \/api\/v5\/public\/open-interest but not in/);
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
