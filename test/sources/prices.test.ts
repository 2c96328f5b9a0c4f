import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDailyValues } from '../../src/sources/prices/dailyValues.js';
import { readPrices, readPricesFile } from '../../src/sources/prices/read.js';
import { DATA_DIR } from '../golden/paths.js';

const OHLC = resolve(DATA_DIR, 'cboe-spx-history/spx_daily_ohlc.csv');
const NY_0930_EDT = (date: string) => Date.parse(`${date}T13:30:00Z`);
const NY_0930_EST = (date: string) => Date.parse(`${date}T14:30:00Z`);

describe('readPrices on the real SPX daily OHLC (date,o,h,l,c)', () => {
  it('reads 2,514 sessions, first 2016-08-22 and last 2026-08-21, each opening at 09:30 New York', async () => {
    const s = await readPricesFile(OHLC);
    expect(s.receipt.kind).toBe('daily');
    expect(s.receipt.rows).toBe(2514);
    expect(s.bars).toHaveLength(2514);
    expect(s.bars[0]).toEqual({
      t: NY_0930_EDT('2016-08-22'),
      date: '2016-08-22',
      open: 2181.58,
      high: 2185.15,
      low: 2175.96,
      close: 2182.64,
    });
    expect(s.bars.at(-1)).toEqual({
      t: NY_0930_EDT('2026-08-21'),
      date: '2026-08-21',
      open: 7665.68,
      high: 7697.11,
      low: 7660.06,
      close: 7674.37,
    });
    // winter sessions open at 14:30 UTC
    expect(s.bars.find((b) => b.date === '2023-01-03')?.t).toBe(NY_0930_EST('2023-01-03'));
    expect(s.receipt.gaps).toEqual([]);
    expect(s.hasPreviousClose.filter((x) => !x)).toHaveLength(1);
    expect(s.receipt.sessionRule).toContain('09:30 America/New_York');
  });
});

const daily = (...rows: string[]) => ['date,open,high,low,close', ...rows].join('\n');

describe('readPrices reads the line ends any program writes', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ])('reads the real SPX daily OHLC with %s line ends as with LF (a lone CR made it one header line)', (_, end) => {
    const text = readFileSync(OHLC, 'utf8');
    const lf = readPrices(text);
    const other = readPrices(text.replace(/\n/g, end));
    expect(other.bars).toEqual(lf.bars);
    expect(other.receipt).toEqual(lf.receipt);
  });
});

describe('readPrices refuses bad rows with their line and column', () => {
  it.each([
    [
      'a non-positive price',
      daily('2024-01-02,10,11,9,10', '2024-01-03,10,11,0,10'),
      'line 3: low ("0") is not a positive finite price',
    ],
    [
      'a price that is not a number',
      daily('2024-01-02,10,11,9,abc'),
      'line 2: close ("abc") is not a positive finite price',
    ],
    [
      'an infinite price',
      daily('2024-01-02,10,Infinity,9,10'),
      'line 2: high ("Infinity") is not a positive finite price',
    ],
    ['high below the close', daily('2024-01-02,10,11,9,12'), 'line 2: high (11) is below max(open 10, close 12)'],
    ['low above the open', daily('2024-01-02,8,11,9,10'), 'line 2: low (9) is above min(open 8, close 10)'],
    [
      'a duplicate date',
      daily('2024-01-02,10,11,9,10', '2024-01-02,10,11,9,10'),
      'line 3: date 2024-01-02 is a duplicate of line 2',
    ],
    [
      'an unsorted row',
      daily('2024-01-03,10,11,9,10', '2024-01-02,10,11,9,10'),
      "line 3: date 2024-01-02 is before line 2's: rows must be in time order",
    ],
    [
      'a date that is not on the calendar',
      daily('2024-02-30,10,11,9,10'),
      'line 2: date ("2024-02-30") is not a calendar date written YYYY-MM-DD',
    ],
    [
      'a truncated last line',
      'date,open,high,low,close\n2024-01-02,10,11,9,10\n2024-01-03,10,1',
      "line 3: truncated last line (3 of the header's 5 fields)",
    ],
    [
      'a short row inside the file',
      daily('2024-01-02,10,11', '2024-01-03,10,11,9,10'),
      'line 2: 3 fields, the header has 5',
    ],
    [
      'no close column',
      'date,open,high,low\n2024-01-02,10,11,9',
      'line 1: no close column in the header (close or c, or a mapping)',
    ],
    ['a header only', 'date,o,h,l,c\n', 'line 2: no price rows after the header'],
  ])('%s', (_, text, message) => {
    expect(() => readPrices(text)).toThrow(message);
  });

  it('counts blank lines between rows, and reports a gap of more than 5 calendar days, the session after it without a previous close', () => {
    const s = readPrices(daily('2024-01-02,10,11,9,10', '', '2024-01-05,10,11,9,10', '2024-01-12,10,11,9,10', ''));
    expect(s.receipt.blankLines).toBe(1);
    expect(s.receipt.gaps).toEqual([{ after: '2024-01-05', before: '2024-01-12', calendarDays: 7 }]);
    expect(s.hasPreviousClose).toEqual([false, true, false]);
  });

  it('reads mapped column names and a venue-stated session open; refuses unknown mapping keys', () => {
    const text = 'Day,Op,Hi,Lo,Cl,Volume\n2024-01-02,10,11,9,10,5\n';
    const mapping = {
      columns: { date: 'Day', open: 'Op', high: 'Hi', low: 'Lo', close: 'Cl' },
      timeZone: 'UTC',
      sessionOpen: '00:00',
    };
    const s = readPrices(text, mapping);
    expect(s.bars[0]?.t).toBe(Date.parse('2024-01-02T00:00:00Z'));
    expect(() => readPrices(text, { ...mapping, sesionOpen: '00:00' })).toThrow('mapping: unknown key "sesionOpen"');
    expect(() => readPrices(text, { ...mapping, timeZone: 'Mars/Olympus' })).toThrow(
      'mapping.timeZone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(() => readPrices(text, { columns: { ...mapping.columns, close: 'Close' } })).toThrow(
      'line 1: no column "Close" (mapped as close) in the header',
    );
  });
});

describe('readPrices on intraday bars', () => {
  const bars = [
    'timestamp,open,high,low,close',
    '2024-01-02T09:30:00-05:00,100,101,99,100.5',
    '2024-01-02T09:31:00-05:00,100.5,102,100,101',
    '2024-01-02T09:35:00-05:00,101,101,98,99',
    '2024-01-02T15:59:00-05:00,99,100,98.5,100',
    `${Date.parse('2024-01-03T14:30:00Z')},100,100,97,98`,
  ].join('\n');

  it('groups bars into sessions by their 09:30 New York open, with the 5-minute realised vol of each', () => {
    const s = readPrices(bars);
    expect(s.receipt.kind).toBe('intraday');
    expect(s.bars.map((b) => [b.date, b.open, b.high, b.low, b.close, b.intradayBars])).toEqual([
      ['2024-01-02', 100, 102, 98, 100, 4],
      ['2024-01-03', 100, 100, 97, 98, 1],
    ]);
    expect(s.bars[0]?.t).toBe(Date.parse('2024-01-02T14:30:00Z'));
    // buckets from 09:30: [09:30, 09:35) closes at 101, [09:35, 09:40) at 99, [15:55, 16:00) at 100
    const r = [Math.log(101 / 100), Math.log(99 / 101), Math.log(100 / 99)];
    expect(s.bars[0]?.rv5m).toBeCloseTo(Math.sqrt(r.reduce((a, x) => a + x * x, 0)) * Math.sqrt(252), 14);
    expect(s.bars[1]?.rv5m).toBeCloseTo(Math.abs(Math.log(98 / 100)) * Math.sqrt(252), 14);
  });

  it('refuses a timestamp without its zone and a duplicate timestamp', () => {
    expect(() => readPrices('timestamp,o,h,l,c\n2024-01-02T09:30:00,1,1,1,1')).toThrow(
      'line 2: timestamp ("2024-01-02T09:30:00") is not an ISO 8601 instant with its zone or epoch ms',
    );
    expect(() =>
      readPrices('timestamp,o,h,l,c\n2024-01-02T09:30:00Z,1,1,1,1\n2024-01-02T09:30:00+00:00,1,1,1,1'),
    ).toThrow('line 3: timestamp 2024-01-02T09:30:00+00:00 is a duplicate of line 2');
  });
});

describe('readDailyValues (a published daily GEX series)', () => {
  it('reads date,gex rows in any order and refuses a duplicate date', () => {
    expect(readDailyValues('date,gex\n2024-01-03,-1.5e9\n2024-01-02,2e9\n')).toEqual([
      { date: '2024-01-03', value: -1.5e9 },
      { date: '2024-01-02', value: 2e9 },
    ]);
    expect(() => readDailyValues('date,gex\n2024-01-02,1\n2024-01-02,2')).toThrow(
      'line 3: date 2024-01-02 is a duplicate of line 2',
    );
    expect(() => readDailyValues('date,gex\n2024-01-02,n/a')).toThrow('line 2: gex ("n/a") is not a finite number');
  });

  it('reads the real OHLC file header as a non-match (no gex column)', () => {
    expect(() => readDailyValues(readFileSync(OHLC, 'utf8'))).toThrow('line 1: expected a date and a gex column');
  });
});
