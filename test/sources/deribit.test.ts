import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countDropped } from '../../src/chain/admit.js';
import type { OptionQuote } from '../../src/chain/types.js';
import {
  type DeribitBookSummary,
  type DeribitChainInput,
  type DeribitInstrument,
  parseDeribitChain,
  parseDeribitOptionName,
  readDeribitDir,
} from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { inputError } from './helpers.js';

// The recorded BTC chain (../shared/data/deribit-btc-2025-11-19): 760 options, 11 expiries.
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Instrument = Mutable<DeribitInstrument>;
type Summary = Mutable<DeribitBookSummary>;
const readJson = (name: string): unknown => JSON.parse(readFileSync(resolve(DERIBIT_BTC_DIR, name), 'utf8'));
const INSTRUMENTS = readJson('get_instruments.json') as Instrument[];
const SUMMARIES = readJson('get_book_summary_by_currency.json') as Summary[];
const GAMMA = readJson('deribit_gamma.json') as { indexPrice: number; gamma: Record<string, number> };
const SOURCE = 'deribit-btc-2025-11-19';

/** Fresh, editable copies of the recorded payloads. */
function payloads(): { instruments: Instrument[]; summaries: Summary[] } {
  return { instruments: structuredClone(INSTRUMENTS), summaries: structuredClone(SUMMARIES) };
}

function parse(p = payloads(), extra: Partial<DeribitChainInput> = {}) {
  return parseDeribitChain({ instruments: p.instruments, summaries: p.summaries, source: SOURCE, ...extra });
}

function row<T extends { instrument_name: string }>(rows: T[], name: string): T {
  const found = rows.find((r) => r.instrument_name === name);
  if (found === undefined) throw new Error(`${name} not in the payload`);
  return found;
}

function option(options: readonly OptionQuote[], name: string): OptionQuote {
  const found = options.find((o) => o.instrument === name);
  if (found === undefined) throw new Error(`${name} not admitted`);
  return found;
}

const REAL = parse();
const KNOWN = 'BTC-26DEC25-144000-C';

describe('parseDeribitChain on the recorded BTC chain of 2025-11-19', () => {
  it('admits 686 of the 760 options and drops the other 74 for zero open interest, nothing else', () => {
    expect(INSTRUMENTS.length).toBe(760);
    expect(REAL.options.length).toBe(686);
    expect(countDropped(REAL.dropped)).toEqual({ 'zero-open-interest': 74 });
  });

  it('admits exactly the 686 instruments that Deribit itself reported a gamma for', () => {
    const admitted = REAL.options.map((o) => o.instrument).sort();
    expect(admitted).toEqual(Object.keys(GAMMA.gamma).sort());
  });

  it('takes spot 91629.58 from estimated_delivery_price', () => {
    expect(REAL.spot).toBe(91_629.58);
  });

  it('takes asOf from the latest creation_timestamp of the book summaries: 2025-11-19T11:20:36.882Z', () => {
    expect(new Date(REAL.asOf).toISOString()).toBe('2025-11-19T11:20:36.882Z');
  });

  it('is a BTC chain from venue deribit, priced with Black-76 at rate 0, naming its source', () => {
    expect(REAL.venue).toBe('deribit');
    expect(REAL.underlying).toBe('BTC');
    expect(REAL.model).toEqual({ kind: 'black76', rate: 0 });
    expect(REAL.source).toBe(SOURCE);
  });

  it('has 11 expiries from 20NOV25 to 25SEP26, all at 08:00 UTC', () => {
    const expiries = [...new Set(REAL.options.map((o) => o.expiry))].sort((a, b) => a - b);
    expect(expiries.map((e) => new Date(e).toISOString().slice(0, 10))).toEqual([
      '2025-11-20',
      '2025-11-21',
      '2025-11-22',
      '2025-11-23',
      '2025-11-28',
      '2025-12-05',
      '2025-12-26',
      '2026-01-30',
      '2026-03-27',
      '2026-06-26',
      '2026-09-25',
    ]);
    expect(expiries.every((e) => new Date(e).toISOString().endsWith('T08:00:00.000Z'))).toBe(true);
  });

  it('reads BTC-26DEC25-144000-C: forward 92063.13, iv 0.6323, OI 226.1, 1 BTC, mark in USD, 24 h volume 4.2', () => {
    const o = option(REAL.options, KNOWN);
    expect(o).toEqual({
      instrument: KNOWN,
      expiry: Date.parse('2025-12-26T08:00:00Z'),
      strike: 144_000,
      type: 'C',
      openInterest: 226.1,
      iv: 0.6323,
      forward: 92_063.13,
      multiplier: 1,
      markPrice: 0.00113503 * 92_063.13,
      volume: 4.2,
    });
    expect(o.markPrice).toBeCloseTo(104.494, 3);
  });

  it("keeps each row's own underlying_price: the forwards within one expiry differ by less than 0.01 %", () => {
    const dec26 = new Set(REAL.options.filter((o) => o.instrument.startsWith('BTC-26DEC25-')).map((o) => o.forward));
    expect([...dec26].sort()).toEqual([92_062.27, 92_063.13]);
    const expiries = new Set(REAL.options.map((o) => o.expiry));
    expect(expiries.size).toBe(11);
    for (const expiry of expiries) {
      const forwards = REAL.options.filter((o) => o.expiry === expiry).map((o) => o.forward);
      expect(Math.max(...forwards) / Math.min(...forwards) - 1).toBeLessThan(1e-4);
    }
  });

  it('readDeribitDir reads both files and names the directory as the source', async () => {
    const s = await readDeribitDir(DERIBIT_BTC_DIR);
    expect(s).toEqual({ ...REAL, source: DERIBIT_BTC_DIR });
  });
});

describe('parseDeribitChain: answers, spot and quotes', () => {
  it('accepts the full JSON-RPC answers as well as the bare result arrays', () => {
    const s = parseDeribitChain({
      instruments: { jsonrpc: '2.0', id: 1, result: INSTRUMENTS },
      summaries: { jsonrpc: '2.0', id: 2, result: SUMMARIES },
      source: SOURCE,
    });
    expect(s).toEqual(REAL);
  });

  it('rejects a JSON-RPC error answer, quoting the error', () => {
    const err = inputError(() =>
      parseDeribitChain({
        instruments: INSTRUMENTS,
        summaries: { jsonrpc: '2.0', error: { code: 10028, message: 'too_many_requests' } },
        source: SOURCE,
      }),
    );
    expect([err.where, err.field]).toEqual(['get_book_summary_by_currency', 'error']);
    expect(err.message).toContain('too_many_requests');
  });

  it('uses indexPrice as spot when one is given', () => {
    expect(parse(payloads(), { indexPrice: GAMMA.indexPrice }).spot).toBe(91_630.07);
  });

  it('takes spot from the row with the latest creation_timestamp when rows disagree', () => {
    const p = payloads();
    const latest = Math.max(...SUMMARIES.map((s) => s.creation_timestamp));
    const r = p.summaries[400] as Summary;
    r.creation_timestamp = latest + 1000;
    r.estimated_delivery_price = 91_700;
    const s = parse(p);
    expect(s.spot).toBe(91_700);
    expect(s.asOf).toBe(latest + 1000);
  });

  it('breaks a tie at the latest creation_timestamp by payload order: the first such row gives spot', () => {
    const p = payloads();
    const latest = Math.max(...SUMMARIES.map((s) => s.creation_timestamp));
    Object.assign(p.summaries[100] as Summary, { creation_timestamp: latest + 1, estimated_delivery_price: 91_650 });
    Object.assign(p.summaries[200] as Summary, { creation_timestamp: latest + 1, estimated_delivery_price: 91_660 });
    expect(parse(p).spot).toBe(91_650);
  });

  it('gives a USDC-settled (linear) option its mark_price as it is, already in USD', () => {
    const p = payloads();
    const linear = 'BTC_USDC-26DEC25-144000-C';
    Object.assign(row(p.instruments, KNOWN), { instrument_name: linear, settlement_currency: 'USDC' });
    Object.assign(row(p.summaries, KNOWN), { instrument_name: linear, mark_price: 104.5 });
    expect(option(parse(p).options, linear).markPrice).toBe(104.5);
  });

  it('drops an instrument without a book summary as missing-quote', () => {
    const p = payloads();
    p.summaries = p.summaries.filter((s) => s.instrument_name !== KNOWN);
    const s = parse(p);
    expect(s.options.length).toBe(685);
    expect(s.dropped).toContainEqual({ where: KNOWN, field: 'get_book_summary_by_currency', reason: 'missing-quote' });
  });

  it('drops an inactive instrument as inactive-instrument', () => {
    const p = payloads();
    row(p.instruments, KNOWN).is_active = false;
    const s = parse(p);
    expect(s.options.length).toBe(685);
    expect(s.dropped).toContainEqual({
      where: KNOWN,
      field: 'is_active',
      reason: 'inactive-instrument',
      value: 'false',
    });
  });
});

describe('parseDeribitChain: bad payloads are rejected, naming the instrument and the field', () => {
  const failure = (edit: (p: ReturnType<typeof payloads>) => void) => {
    const p = payloads();
    edit(p);
    return inputError(() => parse(p));
  };

  it('rejects a summary with a missing mark_iv', () => {
    const err = failure((p) => {
      delete (row(p.summaries, KNOWN) as Partial<Summary>).mark_iv;
    });
    expect([err.where, err.field]).toEqual([KNOWN, 'mark_iv']);
    expect(err.message).toBe(`${KNOWN}: mark_iv is missing (get_book_summary_by_currency)`);
  });

  it('rejects a null mark_iv and an open_interest given as a string', () => {
    const nullIv = failure((p) => Object.assign(row(p.summaries, KNOWN), { mark_iv: null }));
    expect([nullIv.where, nullIv.field]).toEqual([KNOWN, 'mark_iv']);
    expect(nullIv.message).toContain('(null) is not a number');
    const textOi = failure((p) => Object.assign(row(p.summaries, KNOWN), { open_interest: '226.1' }));
    expect([textOi.where, textOi.field]).toEqual([KNOWN, 'open_interest']);
  });

  it('rejects an instrument row with a missing strike or a non-boolean is_active', () => {
    const strike = failure((p) => {
      delete (row(p.instruments, KNOWN) as Partial<Instrument>).strike;
    });
    expect([strike.where, strike.field]).toEqual([KNOWN, 'strike']);
    const active = failure((p) => Object.assign(row(p.instruments, KNOWN), { is_active: 'true' }));
    expect([active.where, active.field]).toEqual([KNOWN, 'is_active']);
  });

  it('names a row without an instrument_name by its method and index', () => {
    const err = failure((p) => {
      delete (p.summaries[3] as Partial<Summary>).instrument_name;
    });
    expect([err.where, err.field]).toEqual(['get_book_summary_by_currency[3]', 'instrument_name']);
  });

  it('rejects a summary for an instrument that get_instruments does not list', () => {
    const err = failure((p) => {
      row(p.summaries, KNOWN).instrument_name = 'BTC-26DEC25-999000-C';
    });
    expect([err.where, err.field]).toEqual(['BTC-26DEC25-999000-C', 'instrument_name']);
    expect(err.message).toContain('not in get_instruments');
  });

  it('rejects a strike that disagrees with the instrument name', () => {
    const err = failure((p) => {
      row(p.instruments, 'BTC-20NOV25-82000-C').strike = 83_000;
    });
    expect([err.where, err.field]).toEqual(['BTC-20NOV25-82000-C', 'strike']);
    expect(err.message).toContain('(83000) disagrees with the name (strike 82000)');
  });

  it('rejects an option_type or an expiry that disagrees with the instrument name', () => {
    const type = failure((p) => {
      row(p.instruments, 'BTC-20NOV25-82000-C').option_type = 'put';
    });
    expect([type.where, type.field]).toEqual(['BTC-20NOV25-82000-C', 'option_type']);
    const expiry = failure((p) => {
      row(p.instruments, 'BTC-20NOV25-82000-C').expiration_timestamp += 86_400_000;
    });
    expect([expiry.where, expiry.field]).toEqual(['BTC-20NOV25-82000-C', 'expiration_timestamp']);
  });

  it('rejects a duplicate instrument in either answer', () => {
    const inInstruments = failure((p) => p.instruments.push(structuredClone(row(p.instruments, KNOWN))));
    expect([inInstruments.where, inInstruments.message]).toEqual([
      KNOWN,
      `${KNOWN}: duplicate instrument in get_instruments`,
    ]);
    const inSummaries = failure((p) => p.summaries.push(structuredClone(row(p.summaries, KNOWN))));
    expect(inSummaries.message).toBe(`${KNOWN}: duplicate instrument in get_book_summary_by_currency`);
  });

  it('rejects a future in the instruments and a second base currency', () => {
    const future = failure((p) => Object.assign(row(p.instruments, KNOWN), { kind: 'future' }));
    expect([future.where, future.field]).toEqual([KNOWN, 'kind']);
    const eth = failure((p) => {
      const ethName = 'ETH-26DEC25-144000-C';
      Object.assign(row(p.instruments, KNOWN), { instrument_name: ethName, base_currency: 'ETH' });
      row(p.summaries, KNOWN).instrument_name = ethName;
    });
    expect(eth.field).toBe('base_currency');
  });

  it('rejects an answer that is neither an array nor a JSON-RPC answer', () => {
    const err = inputError(() =>
      parseDeribitChain({ instruments: { result: 'x' } as never, summaries: SUMMARIES, source: SOURCE }),
    );
    expect([err.where, err.field]).toEqual(['get_instruments', 'result']);
  });
});

describe('parseDeribitOptionName', () => {
  it('reads currency, 08:00 UTC expiry, strike and type', () => {
    expect(parseDeribitOptionName('BTC-20NOV25-82000-C')).toEqual({
      currency: 'BTC',
      expiry: Date.parse('2025-11-20T08:00:00Z'),
      strike: 82_000,
      type: 'C',
    });
    expect(parseDeribitOptionName('BTC-5DEC25-91000-P')?.expiry).toBe(Date.parse('2025-12-05T08:00:00Z'));
  });

  it("reads linear names and 'd' as the decimal point of a strike", () => {
    expect(parseDeribitOptionName('XRP_USDC-20NOV25-2d5-C')).toEqual({
      currency: 'XRP_USDC',
      expiry: Date.parse('2025-11-20T08:00:00Z'),
      strike: 2.5,
      type: 'C',
    });
    expect(parseDeribitOptionName('SOL_USDC-26DEC25-0d35-P')?.strike).toBe(0.35);
  });

  it('refuses names that are not options or not calendar dates', () => {
    for (const name of [
      'BTC-PERPETUAL',
      'BTC-26DEC25',
      'BTC-20NOV25-82000',
      'BTC-31NOV25-82000-C',
      'BTC-20NOX25-82000-C',
      'BTC-20NOV25-8d-C',
    ]) {
      expect(parseDeribitOptionName(name)).toBeUndefined();
    }
  });
});
