import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OptionQuote } from '../../src/chain/types.js';
import { parseCboeCsv } from '../../src/sources/cboe/index.js';
import { parseGenericCsv } from '../../src/sources/csv/generic.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

// the real SPX download's 13,168 admitted options, written out one per row with every number as
// String() writes it (which Number() reads back to the same double)
const SPX = parseCboeCsv(readFileSync(CBOE_SPX_FILE, 'utf8'), { source: 'spx_quotedata.csv' });
const EXPECTED: OptionQuote[] = SPX.options.map(
  ({ instrument, expiry, strike, type, openInterest, iv, forward, multiplier }) => ({
    instrument,
    expiry,
    strike,
    type,
    openInterest,
    iv,
    forward,
    multiplier,
  }),
);

const MAPPING = {
  venue: 'cboe',
  underlying: 'SPX',
  asOf: new Date(SPX.asOf).toISOString(),
  spot: SPX.spot,
  model: 'bsm',
  columns: {
    instrument: 'symbol',
    expiry: 'expiry_ms',
    strike: 'strike',
    type: 'cp',
    openInterest: 'oi',
    iv: 'iv',
    forward: 'forward',
    multiplier: 'multiplier',
  },
  expiry: { format: 'epoch-ms' },
  ivUnit: 'decimal',
};

function exported(quoteEvery: number, lineBreak: string): string {
  const rows = EXPECTED.map((o, i) => {
    const symbol = quoteEvery > 0 && i % quoteEvery === 0 ? `"${o.instrument}"` : o.instrument;
    return [symbol, o.expiry, o.strike, o.type === 'C' ? 'call' : 'put', o.openInterest, o.iv, o.forward, o.multiplier];
  });
  return [['symbol', 'expiry_ms', 'strike', 'cp', 'oi', 'iv', 'forward', 'multiplier'], ...rows]
    .map((r) => r.join(','))
    .join(lineBreak);
}

describe('the one-pass generic CSV reader on the real SPX chain exported one option per row', () => {
  it('reads back every option to the last bit', () => {
    const s = parseGenericCsv(`${exported(0, '\n')}\n`, MAPPING, { source: 'spx.csv' });
    expect(s.options).toStrictEqual(EXPECTED);
    expect(s.dropped).toStrictEqual([]);
  });

  it('reads the same with CRLF line breaks, blank lines and every 97th symbol quoted', () => {
    const text = exported(97, '\r\n').replace(/\r\n/, '\r\n\r\n  \r\n');
    const s = parseGenericCsv(text, MAPPING, { source: 'spx.csv' });
    expect(s.options).toStrictEqual(EXPECTED);
  });
});
