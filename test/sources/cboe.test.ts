import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countDropped } from '../../src/chain/admit.js';
import { MS_PER_YEAR, type OptionQuote } from '../../src/chain/types.js';
import { CBOE_HEADER, parseCboeCsv, readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import { editLine, inputError, setCell } from './helpers.js';

// The recorded SPX chain (../shared/data/cboe-spx-2022-12-12): 9,582 lines, 9,578 strike rows.
const TEXT = readFileSync(CBOE_SPX_FILE, 'utf8');
const SOURCE = 'spx_quotedata.csv';
const parse = (text: string, extra: { rate?: number; yield?: number; maxIv?: number } = {}) =>
  parseCboeCsv(text, { source: SOURCE, ...extra });
const REAL = parse(TEXT);
const LAST_LINE = 9582;

function option(instrument: string, options: readonly OptionQuote[] = REAL.options): OptionQuote {
  const found = options.find((o) => o.instrument === instrument);
  if (found === undefined) throw new Error(`${instrument} not admitted`);
  return found;
}

// Line 1053: Fri Dec 16 2022, SPXW221216C03900000 ... 3900.00, SPXW221216P03900000 ... IV 0.4081, OI 5413
const ROW = 1053;
const CALLS = CBOE_HEADER.indexOf('Calls');
const STRIKE = CBOE_HEADER.indexOf('Strike');
const PUTS = CBOE_HEADER.indexOf('Puts');
const CALL_IV = 7;
const PUT_BID = 15;
const PUT_ASK = 16;
const PUT_OI = 21;

describe('parseCboeCsv on the recorded SPX chain of 2022-12-12', () => {
  it('reads spot 3990.5601 from line 2 and "December 12, 2022 at 8:30 PM EST" as 2022-12-13T01:30:00Z', () => {
    expect(REAL.spot).toBe(3990.5601);
    expect(new Date(REAL.asOf).toISOString()).toBe('2022-12-13T01:30:00.000Z');
  });

  it('reads a numeric date line whose day and month could be swapped by the earliest expiry the rows list', () => {
    // 12/11/2022: 11 December or 12 November; the rows' earliest expiry, Mon Dec 12 2022, takes the nearest before it
    const read = parse(TEXT.replace('Date: December 12, 2022 at', 'Date: 12/11/2022 at'));
    expect(new Date(read.asOf).toISOString()).toBe('2022-12-12T01:30:00.000Z');
    expect(read.sourceConventions?.asOfSource).toContain('month-day');
  });

  it('is an SPX chain priced with BSM at rate and yield 0, from venue cboe, naming its source', () => {
    expect(REAL.venue).toBe('cboe');
    expect(REAL.underlying).toBe('SPX');
    expect(REAL.model).toEqual({ kind: 'bsm', rate: 0, yield: 0 });
    expect(REAL.source).toBe(SOURCE);
  });

  it('turns 9,578 rows into 19,156 legs: 13,168 admitted, 5,988 dropped by reason', () => {
    expect(REAL.options.length).toBe(13_168);
    expect(REAL.options.length + REAL.dropped.length).toBe(2 * 9_578);
    expect(countDropped(REAL.dropped)).toEqual({
      expired: 286,
      'zero-open-interest': 4_543,
      'no-implied-vol': 1_159,
    });
  });

  it('drops as expired exactly both legs of the 143 rows of the Mon Dec 12 2022 expiry (lines 5-147)', () => {
    const expired = REAL.dropped.filter((d) => d.reason === 'expired');
    const lines = new Set(expired.map((d) => Number(/^line (\d+) /.exec(d.where)?.[1])));
    expect(Math.min(...lines)).toBe(5);
    expect(Math.max(...lines)).toBe(147);
    expect(lines.size).toBe(143);
    expect(REAL.dropped[0]).toEqual({
      where: 'line 5 (call)',
      field: 'expiry',
      reason: 'expired',
      value: '2022-12-12T21:00:00.000Z',
    });
  });

  it('maps both SPX (AM) and SPXW (PM) roots to the SPX index', () => {
    const roots = new Set(REAL.options.map((o) => /^[A-Z]+/.exec(o.instrument)?.[0]));
    expect([...roots].sort()).toEqual(['SPX', 'SPXW']);
  });

  it('reads a known put: SPXW221216P03900000 on line 1053, strike 3900, OI 5413, IV 0.4081, volume 3227, 16:00 EST expiry', () => {
    expect(option('SPXW221216P03900000')).toEqual({
      instrument: 'SPXW221216P03900000',
      expiry: Date.parse('2022-12-16T21:00:00Z'),
      strike: 3900,
      type: 'P',
      openInterest: 5413,
      iv: 0.4081,
      forward: 3990.5601,
      multiplier: 100,
      volume: 3227,
    });
  });

  it('puts an AM-settled SPX monthly at the 09:30 EDT open: SPX230616P03900000 expires 2023-06-16T13:30:00Z', () => {
    const put = option('SPX230616P03900000');
    expect(new Date(put.expiry).toISOString()).toBe('2023-06-16T13:30:00.000Z');
    expect(put.openInterest).toBe(15_382);
    expect(put.iv).toBe(0.2441);
  });

  it('keeps a PM-settled SPXW of the same day at 16:00, a separate expiry, and states the rule per root', () => {
    expect(new Date(option('SPX221216P03900000').expiry).toISOString()).toBe('2022-12-16T14:30:00.000Z');
    expect(new Date(option('SPXW221216P03900000').expiry).toISOString()).toBe('2022-12-16T21:00:00.000Z');
    expect(REAL.sourceConventions?.settlement).toBe(
      'expiry per option root: SPXW 16:00 New York (PM-settled); SPX 09:30 New York (AM-settled, opening print)',
    );
  });

  it('drops an AM-settled option as expired from the open of its expiration day, the PM one of that day not', () => {
    const lines = TEXT.split('\n');
    const onExpiryDay = (time: string) =>
      parse([...lines.slice(0, 2), `"Date: December 16, 2022 at ${time} EST"`, ...lines.slice(3)].join('\n'));
    const am = (s: ReturnType<typeof parse>) => s.options.filter((o) => o.instrument.startsWith('SPX221216'));
    const pm = (s: ReturnType<typeof parse>) => s.options.filter((o) => o.instrument.startsWith('SPXW221216'));
    const before = onExpiryDay('9:29 AM');
    const after = onExpiryDay('9:31 AM');
    expect(am(before).length).toBeGreaterThan(100);
    expect(am(after)).toEqual([]);
    expect(pm(after).length).toBe(pm(before).length);
  });

  it('gives no markPrice when the bid or ask is 0 (as on every admitted leg of this after-hours file)', () => {
    expect(REAL.options.filter((o) => o.markPrice !== undefined)).toEqual([]);
  });

  it('sets markPrice to the mid when bid and ask are both positive', () => {
    const text = editLine(TEXT, ROW, (l) => setCell(setCell(l, PUT_BID, '31.5'), PUT_ASK, '33.5'));
    const s = parse(text);
    expect(option('SPXW221216P03900000', s.options).markPrice).toBe(32.5);
    expect('markPrice' in option('SPXW221216C03900000', s.options)).toBe(false);
  });

  it('grows the forward as spot·e^{(r−q)t} when a rate and yield are given', () => {
    const s = parse(TEXT, { rate: 0.04, yield: 0.015 });
    expect(s.model).toEqual({ kind: 'bsm', rate: 0.04, yield: 0.015 });
    const t = (Date.parse('2023-06-16T13:30:00Z') - Date.parse('2022-12-13T01:30:00Z')) / MS_PER_YEAR;
    const expected = 3990.5601 * Math.exp(0.025 * t);
    expect(option('SPX230616P03900000', s.options).forward).toBeCloseTo(expected, 9);
    expect(expected).toBeGreaterThan(3990.5601 + 40);
  });

  it('passes maxIv to admission: with 500 % allowed, the 8 legs quoted at 503–830 % are dropped as absurd', () => {
    const s = parse(TEXT, { maxIv: 5 });
    expect(s.options.length).toBe(13_160);
    expect(countDropped(s.dropped)['absurd-implied-vol']).toBe(8);
  });

  it('readCboeFile reads the file and names the path as the source', async () => {
    const s = await readCboeFile(CBOE_SPX_FILE);
    expect(s).toEqual({ ...REAL, source: CBOE_SPX_FILE });
  });
});

describe('parseCboeCsv: the variants of CBOE downloads', () => {
  const withDate = (date: string) => editLine(TEXT, 3, (l) => l.replace(/^"[^"]*"/, `"${date}"`));
  const asOfIso = (text: string) => new Date(parse(text).asOf).toISOString();

  it('reads the second date spelling "February 5 2022, 8:09 PM EST" as 2022-02-06T01:09:00Z', () => {
    expect(asOfIso(withDate('Date: February 5 2022, 8:09 PM EST'))).toBe('2022-02-06T01:09:00.000Z');
  });

  it('takes EST or EDT from the New York zone rules, not from the abbreviation', () => {
    expect(asOfIso(withDate('Date: June 5 2022, 8:09 PM EDT'))).toBe('2022-06-06T00:09:00.000Z');
    expect(asOfIso(withDate('Date: June 5 2022, 8:09 PM EST'))).toBe('2022-06-06T00:09:00.000Z');
    expect(asOfIso(withDate('Date: December 12, 2022 at 8:30 PM EDT'))).toBe('2022-12-13T01:30:00.000Z');
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(asOfIso(withDate('Date: December 12, 2022 at 12:05 AM EST'))).toBe('2022-12-12T05:05:00.000Z');
    expect(asOfIso(withDate('Date: December 12, 2022 at 12:05 PM EST'))).toBe('2022-12-12T17:05:00.000Z');
  });

  it('rejects a date line it cannot read for sure, naming line 3 and the Date field', () => {
    for (const date of [
      'Date: December 12, 2022 at 8:30 PM XYZ',
      'Date: 12 Smarch 2022 20:30',
      'Date: 05/04/2030 20:30',
      'Date: December 12, 2022 at 8:30 PM Central European Time',
      'Date: February 30 2022, 8:09 PM EST',
    ]) {
      const err = inputError(() => parse(withDate(date)));
      expect([err.where, err.field]).toEqual(['line 3', 'Date']);
    }
  });

  it('accepts an empty or any title on line 1', () => {
    for (const title of ['', 'SPX quotes']) {
      const s = parse(editLine(TEXT, 1, () => title));
      expect([s.spot, s.asOf, s.options.length]).toEqual([REAL.spot, REAL.asOf, REAL.options.length]);
    }
  });

  it('finds the header wherever the title lines end: no line 1, trailing empty cells, the Date cell split by its comma', () => {
    const lines = TEXT.split('\n');
    const noTitle = lines.slice(1).join('\n');
    expect(parse(noTitle)).toMatchObject({ spot: REAL.spot, asOf: REAL.asOf });
    expect(parse(noTitle).options).toEqual(REAL.options);
    const trailing = editLine(
      editLine(TEXT, 2, (l) => `${l},,,`),
      3,
      () => 'Date: 12 December 2022, 20:30 GMT-5,Bid: 3962.01,,',
    );
    expect(parse(trailing)).toMatchObject({ spot: REAL.spot, asOf: REAL.asOf });
    const blanks = ['', '', ...lines.slice(1, 3), '', ...lines.slice(3)].join('\n');
    expect(parse(blanks).options.length).toBe(REAL.options.length);
  });

  it('takes 16:15 New York for a date line without a time, says so, and lets asOf override it', () => {
    const dateOnly = editLine(TEXT, 3, (l) => l.replace(/^"[^"]*"/, 'Date: 12 December 2022'));
    const s = parse(dateOnly);
    expect(new Date(s.asOf).toISOString()).toBe('2022-12-12T21:15:00.000Z');
    expect(s.sourceConventions?.asOfSource).toMatch(
      /no time of day: taken at 16:15 New York .*--as-of TIME overrides it/,
    );
    const given = parseCboeCsv(dateOnly, { source: SOURCE, asOf: Date.parse('2022-12-13T01:30:00Z') });
    expect(given.asOf).toBe(REAL.asOf);
    expect(given.sourceConventions?.asOfSource).toBe('2022-12-13T01:30:00.000Z, given by --as-of');
    expect(given.options).toEqual(REAL.options);
  });

  it('reads a date line whose labels are in another language (no line starting "Date")', () => {
    const german = editLine(TEXT, 3, () => 'Datum: 12. Dezember 2022 um 20:30 EST,Geld: 3962.01,Brief: 4016.6299');
    const s = parse(german);
    expect(s.asOf).toBe(REAL.asOf);
    expect(s.sourceConventions?.asOfSource).toMatch(/^"Datum: 12\. Dezember 2022 um 20:30 EST" on line 3 read as/);
  });

  it('refuses a download with no date line unless asOf is given', () => {
    const noDate = TEXT.split('\n')
      .filter((_, i) => i !== 2)
      .join('\n');
    const err = inputError(() => parse(noDate));
    expect([err.where, err.field]).toEqual(['line 2', 'Date']);
    expect(err.message).toContain('pass --as-of TIME');
    expect(parseCboeCsv(noDate, { source: SOURCE, asOf: REAL.asOf }).options).toEqual(REAL.options);
  });

  it('reads a file with CRLF line endings and a byte-order mark the same way', () => {
    const s = parse(`\uFEFF${TEXT.replace(/\n/g, '\r\n')}`);
    expect(s).toEqual(REAL);
  });

  it('parses quoted fields: an index name holding a comma, a quoted option symbol', () => {
    let text = editLine(TEXT, 2, (l) => l.replace('Standard & Poors 500 Index', '"Standard & Poors 500 Index, SPX"'));
    text = editLine(text, ROW, (l) => l.replace('SPXW221216P03900000', '"SPXW221216P03900000"'));
    expect(parse(text)).toEqual(REAL);
  });
});

describe('parseCboeCsv: broken input is rejected, naming the line and the field', () => {
  it('rejects a file truncated in the middle of its last line', () => {
    const err = inputError(() => parse(TEXT.slice(0, -40)));
    expect(err.where).toBe(`line ${LAST_LINE}`);
    expect(err.field).toBe('Last Sale');
    expect(err.message).toContain('13 fields, expected 22');
  });

  it('rejects a row with an extra field', () => {
    const err = inputError(() => parse(editLine(TEXT, ROW, (l) => `${l},7`)));
    expect(err.where).toBe(`line ${ROW}`);
    expect(err.message).toContain('23 fields');
  });

  it('rejects a file that ends before the date line, the header or the first row', () => {
    const lines = TEXT.split('\n');
    const upTo = (n: number) => `${lines.slice(0, n).join('\n')}\n`;
    expect(inputError(() => parse(upTo(2))).where).toBe('header');
    expect(inputError(() => parse(upTo(3))).message).toMatch(/no header line starting "Expiration Date,"/);
    expect(inputError(() => parse(upTo(4))).where).toBe('line 5');
    expect(inputError(() => parse('')).where).toBe('header');
  });

  it('rejects a header that differs from the 22 expected columns, naming the first differing column', () => {
    const renamed = inputError(() => parse(editLine(TEXT, 4, (l) => l.replace(',IV,', ',Implied Vol,'))));
    expect([renamed.where, renamed.field]).toEqual(['line 4', 'IV']);
    expect(renamed.message).toContain('column 8 is "Implied Vol"');
    const short = inputError(() => parse(editLine(TEXT, 4, (l) => l.replace(/,Open Interest$/, ''))));
    expect([short.where, short.field]).toEqual(['line 4', 'Open Interest']);
    expect(short.message).toContain('column 22 is missing');
  });

  it('joins a Last split by an unquoted thousands separator, and refuses one split by a decimal comma', () => {
    const thousands = editLine(TEXT, 2, (l) => l.replace('Last: 3990.5601', 'Last: 3,990.5601'));
    expect(parse(thousands).spot).toBe(3990.5601);
    const decimalComma = inputError(() =>
      parse(editLine(TEXT, 2, (l) => l.replace('Last: 3990.5601', 'Last: 3990,5601'))),
    );
    expect([decimalComma.where, decimalComma.field]).toEqual(['line 2', 'Last']);
    expect(decimalComma.message).toContain('split by a comma');
  });

  it('rejects a spot that is not a number', () => {
    const err = inputError(() => parse(editLine(TEXT, 2, (l) => l.replace('Last: 3990.5601', 'Last: n/a'))));
    expect([err.where, err.field]).toEqual(['line 2', 'Last']);
  });

  it('rejects a non-numeric open interest, naming the line, the side and the field', () => {
    const err = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, PUT_OI, 'n/a'))));
    expect([err.where, err.field]).toEqual([`line ${ROW} (put)`, 'Open Interest']);
    expect(err.message).toBe(`line ${ROW} (put): Open Interest ("n/a") is not a number`);
  });

  it('rejects an empty IV cell and a fractional open interest', () => {
    const empty = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, CALL_IV, ''))));
    expect([empty.where, empty.field]).toEqual([`line ${ROW} (call)`, 'IV']);
    const fraction = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, PUT_OI, '5413.5'))));
    expect([fraction.where, fraction.field]).toEqual([`line ${ROW} (put)`, 'Open Interest']);
  });

  it('rejects a Strike that disagrees with the strike in the option symbol', () => {
    const err = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, STRIKE, '3905.00'))));
    expect([err.where, err.field]).toEqual([`line ${ROW} (call)`, 'Strike']);
    expect(err.message).toContain('SPXW221216C03900000 (strike 3900)');
  });

  it('rejects an Expiration Date that disagrees with the symbol, or names the wrong weekday', () => {
    const other = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, 0, 'Fri Dec 23 2022'))));
    expect([other.where, other.field]).toEqual([`line ${ROW} (call)`, 'Expiration Date']);
    expect(other.message).toContain('expiry 2022-12-16');
    const weekday = inputError(() => parse(editLine(TEXT, ROW, (l) => setCell(l, 0, 'Thu Dec 16 2022'))));
    expect([weekday.where, weekday.field]).toEqual([`line ${ROW}`, 'Expiration Date']);
    expect(weekday.message).toContain('wrong weekday');
  });

  it('rejects a put symbol in the Calls column and a cell that is not an option symbol', () => {
    const swapped = editLine(TEXT, ROW, (l) => setCell(l, CALLS, 'SPXW221216P03900000'));
    expect(inputError(() => parse(swapped)).field).toBe('Calls');
    const garbage = editLine(TEXT, ROW, (l) => setCell(l, PUTS, '3900 put'));
    const err = inputError(() => parse(garbage));
    expect([err.where, err.field]).toEqual([`line ${ROW} (put)`, 'Puts']);
  });

  it('rejects an option on another underlying in the same file', () => {
    const err = inputError(() => parse(editLine(TEXT, ROW, (l) => l.replace('SPXW221216C', 'NDXP221216C'))));
    expect([err.where, err.field]).toEqual([`line ${ROW} (call)`, 'Calls']);
    expect(err.message).toContain('on NDX');
  });

  it('rejects a duplicated row, naming both lines, even when the row would have been dropped', () => {
    const lines = TEXT.split('\n');
    const dup = (n: number) => [...lines.slice(0, n), lines[n - 1], ...lines.slice(n)].join('\n');
    const err = inputError(() => parse(dup(ROW)));
    expect([err.where, err.field]).toEqual([`line ${ROW + 1} (call)`, 'Calls']);
    expect(err.message).toContain(`duplicate instrument SPXW221216C03900000 (first on line ${ROW} (call))`);
    // line 6 is an expired row with zero OI: its legs never reach the snapshot
    expect(inputError(() => parse(dup(6))).where).toBe('line 7 (call)');
  });

  it('reads rows listed out of strike order as the same options, and still tells a repeat far below its first row', () => {
    const lines = TEXT.split('\n');
    const header = lines.findIndex((l) => l.startsWith('Expiration Date,'));
    // the rows of the whole file in reverse: every series then arrives by falling strike
    const rows = lines.slice(header + 1).filter((l) => l !== '');
    const reversed = [...lines.slice(0, header + 1), ...rows.reverse(), ''].join('\n');
    const read = parse(reversed);
    const byName = (o: OptionQuote) => o.instrument;
    expect(read.options.map(byName).sort()).toEqual(REAL.options.map(byName).sort());
    expect(option('SPXW221216P03900000', read.options)).toEqual(option('SPXW221216P03900000'));
    expect(countDropped(read.dropped)).toEqual(countDropped(REAL.dropped));
    // line ROW repeated after the last row: its series was listed long before
    const repeated = [...lines.slice(0, LAST_LINE), lines[ROW - 1], ''].join('\n');
    const err = inputError(() => parse(repeated));
    expect(err.message).toContain(`duplicate instrument SPXW221216C03900000 (first on line ${ROW} (call))`);
    expect(err.where).toBe(`line ${LAST_LINE + 1} (call)`);
  });

  it('rejects an unterminated quote in a data row', () => {
    const err = inputError(() => parse(editLine(TEXT, ROW, (l) => l.replace('SPXW221216P', '"SPXW221216P'))));
    expect(err.where).toBe(`line ${ROW}`);
  });
});

// Found by fuzzing the real download: lone-CR line ends, and a file cut inside its last number.
describe('parseCboeCsv: line ends and a cut-off last line', () => {
  // lone CR line ends are read as core/lines.ts splitLines reads them for the prices and tape readers
  it('reads the real download with lone CR line ends as with LF', () => {
    const cr = parse(TEXT.replace(/\r?\n/g, '\r'));
    expect(cr.options.length).toBe(REAL.options.length);
    expect(cr.spot).toBe(REAL.spot);
  });

  // every real download ends its last row with a line end, so one without it was cut short
  it('refuses the real download cut inside its last row’s put open interest, naming the line', () => {
    // the last row's put open interest made 1234, then the file cut after "123"
    const end = TEXT.trimEnd().replace(/,\d+$/, ',1234');
    const cut = end.slice(0, end.length - 1);
    expect(() => parse(cut)).toThrow(new RegExp(`^line ${LAST_LINE}: .*(cut|line end)`));
  });
});
