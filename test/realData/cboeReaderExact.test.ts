import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { admitQuote } from '../../src/chain/admit.js';
import type { DroppedRow, OptionQuote } from '../../src/chain/types.js';
import { parseCboeCsv } from '../../src/sources/cboe/index.js';
import { DATA_DIR } from '../golden/paths.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const LEGS = [
  { side: 'call', type: 'C', symbol: 1, bid: 4, ask: 5, volume: 6, iv: 7, oi: 10 },
  { side: 'put', type: 'P', symbol: 12, bid: 15, ask: 16, volume: 17, iv: 18, oi: 21 },
] as const;

/**
 * The rows of a CBOE download read the plain way, written apart from the reader it checks: lines
 * split, fields split at commas, `Number` on each cell, `Mon Dec 12 2022` read by its words, SPX
 * monthlies expiring 09:30 New York and the rest 16:00, the forward spot (rate and yield 0),
 * and every leg through admitQuote. The real files quote no field, so a comma always separates.
 */
function plainRows(text: string, asOf: number, spot: number) {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('Expiration Date,'));
  const options: OptionQuote[] = [];
  const dropped: DroppedRow[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    if (lines[i] === '') continue; // the final line break
    const cells = (lines[i] as string).split(',');
    const [, monthName = '', day = '', year = ''] = (cells[0] as string).split(' ');
    const month = MONTHS.indexOf(monthName) / 3;
    const strike = Number(cells[11]);
    for (const leg of LEGS) {
      const instrument = cells[leg.symbol] as string;
      const am = instrument.slice(0, -15) === 'SPX';
      const expiry = new TZDate(Number(year), month, Number(day), am ? 9 : 16, am ? 30 : 0, 0, 'America/New_York');
      const bid = Number(cells[leg.bid]);
      const ask = Number(cells[leg.ask]);
      const quote: OptionQuote = {
        instrument,
        expiry: expiry.getTime(),
        strike,
        type: leg.type,
        openInterest: Number(cells[leg.oi]),
        iv: Number(cells[leg.iv]),
        forward: spot,
        multiplier: 100,
        ...(bid > 0 && ask > 0 ? { markPrice: (bid + ask) / 2 } : {}),
        volume: Number(cells[leg.volume]),
      };
      const admitted = admitQuote(quote, `line ${i + 1} (${leg.side})`, { asOf }, dropped);
      if (admitted !== undefined) options.push(admitted);
    }
  }
  return { options, dropped };
}

const FILES = [
  resolve(DATA_DIR, 'cboe-spx-2022-12-12/spx_quotedata.csv'),
  ...SPX_HISTORY_FILES.map(({ file }) => resolve(SPX_HISTORY_DIR, file)),
];

describe('the one-pass CBOE reader on every real SPX download', () => {
  it.each(FILES.map((file) => [basename(file), file]))(
    '%s: every option and every drop as the plain reading has them, to the last bit',
    (_, file) => {
      const text = readFileSync(file, 'utf8');
      const snapshot = parseCboeCsv(text, { source: file });
      const plain = plainRows(text, snapshot.asOf, snapshot.spot);
      expect(snapshot.options.length).toBeGreaterThan(10_000);
      expect(snapshot.options).toStrictEqual(plain.options);
      expect(snapshot.dropped).toStrictEqual(plain.dropped);
    },
  );
});
