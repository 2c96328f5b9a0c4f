import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { parseGenericCsv, readGenericCsv } from '../../src/sources/csv/generic.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const mapping = () => JSON.parse(fixture('mapping.json'));

describe('parseGenericCsv with a column mapping', () => {
  it('reads the mapped columns: percent IV, decimal commas, expiry date at the mapped time and zone', () => {
    const s = parseGenericCsv(fixture('chain.csv'), mapping(), { source: 'chain.csv' });
    expect(s.venue).toBe('desk');
    expect(s.spot).toBe(91629.58);
    expect(s.asOf).toBe(Date.parse('2025-11-19T11:20:36Z'));
    expect(s.options[0]?.iv).toBeCloseTo(0.4712, 15);
    expect({ ...s.options[0], iv: 0 }).toEqual({
      instrument: 'BTC-28NOV25-90000-C',
      expiry: Date.parse('2025-11-28T08:00:00Z'),
      strike: 90000,
      type: 'C',
      openInterest: 125.5,
      iv: 0,
      forward: 91635.5,
      multiplier: 1,
    });
    expect(s.dropped).toEqual([
      { where: 'line 4 (BTC-28NOV25-95000-C)', field: 'open interest', reason: 'zero-open-interest', value: '0' },
    ]);
  });

  it('names the line and the field of a cell that is not a number', () => {
    const text = fixture('chain.csv').replace('52,03', 'n/a');
    expect(() => parseGenericCsv(text, mapping(), { source: 'x' })).toThrow('line 3: iv ("n/a") is not a number');
  });

  it('names the line of an expiry that is not in the mapped format', () => {
    const text = fixture('chain.csv').replace('2025-11-28;85000', '28/11/2025;85000');
    expect(() => parseGenericCsv(text, mapping(), { source: 'x' })).toThrow(
      'line 3: expiry ("28/11/2025") is not a date written YYYY-MM-DD',
    );
  });

  it('names a mapped column missing from the header, and the mapping key of a bad mapping', () => {
    const m = mapping();
    m.columns.iv = 'mark_iv';
    expect(() => parseGenericCsv(fixture('chain.csv'), m, { source: 'x' })).toThrow(
      'line 1: no column "mark_iv" (mapped as iv) in the header',
    );
    expect(() => parseGenericCsv(fixture('chain.csv'), { ...mapping(), ivUnit: 'bp' }, { source: 'x' })).toThrow(
      'mapping.ivUnit: "bp" is not one of "percent", "decimal"',
    );
    const noTime = mapping();
    delete noTime.expiry.time;
    expect(() => parseGenericCsv(fixture('chain.csv'), noTime, { source: 'x' })).toThrow(
      'mapping.expiry.time: is needed with the date-only format YYYY-MM-DD',
    );
  });

  it('refuses an unknown option type and a short row, naming the line', () => {
    expect(() =>
      parseGenericCsv(fixture('chain.csv').replace(';put;', ';straddle;'), mapping(), { source: 'x' }),
    ).toThrow(/line 3: type \("straddle"\)/);
    expect(() =>
      parseGenericCsv(fixture('chain.csv').replace(';91635,5\nBTC-28NOV25-85000', '\nBTC-28NOV25-85000'), mapping(), {
        source: 'x',
      }),
    ).toThrow('line 2: 6 fields, the header has 7');
  });

  it.each(['', '  '])(
    'refuses a row whose instrument cell is %j, naming the line (it was mapped under a blank name)',
    (blank) => {
      const text = fixture('chain.csv').replace('BTC-28NOV25-85000-P', blank);
      // the reader trims cells and names a row by its line and instrument: here none
      expect(() => parseGenericCsv(text, mapping(), { source: 'x' })).toThrow('line 3 (): instrument ("") is empty');
    },
  );
});

/** Writes a snapshot out as a plain CSV, the way a user might export it. */
function exportCsv(s: ChainSnapshot, write: (o: ChainSnapshot['options'][number]) => string[], header: string[]) {
  return [header.join(','), ...s.options.map((o) => write(o).join(','))].join('\n');
}

describe('generic CSV on the recorded chains', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gexmap-csv-'));
  });

  it('reads a Deribit BTC chain exported with epoch-ms expiries and decimal IV into the same GEX map', async () => {
    const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
    const csv = exportCsv(
      deribit,
      (o) => [
        o.instrument,
        String(o.expiry),
        String(o.strike),
        o.type,
        String(o.openInterest),
        String(o.iv),
        String(o.forward),
      ],
      ['name', 'expiry_ms', 'strike', 'type', 'oi', 'iv', 'forward'],
    );
    writeFileSync(join(dir, 'btc.csv'), csv);
    writeFileSync(
      join(dir, 'btc.json'),
      JSON.stringify({
        venue: 'deribit',
        underlying: 'BTC',
        asOf: new Date(deribit.asOf).toISOString(),
        spot: deribit.spot,
        columns: {
          instrument: 'name',
          strike: 'strike',
          type: 'type',
          expiry: 'expiry_ms',
          openInterest: 'oi',
          iv: 'iv',
          forward: 'forward',
        },
        expiry: { format: 'epoch-ms' },
        ivUnit: 'decimal',
      }),
    );
    const s = await readGenericCsv(join(dir, 'btc.csv'), join(dir, 'btc.json'));
    expect(s.options.length).toBe(deribit.options.length);
    expect(buildGexReport(s).netGex).toBeCloseTo(buildGexReport(deribit).netGex, 6);
  });

  it('reads the SPX chain exported with US dates, percent IV and a 100 multiplier into the same BSM map', async () => {
    // the PM-settled SPXW legs: the mapping gives every row one expiry time (16:00), AM-settled SPX expires at 09:30
    const full = await readCboeFile(CBOE_SPX_FILE);
    const spx = { ...full, options: full.options.filter((o) => o.instrument.startsWith('SPXW')) };
    const us = (ms: number) => {
      const d = new Date(ms - 5 * 3_600_000);
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    };
    const csv = exportCsv(
      spx,
      (o) => [
        o.instrument,
        us(o.expiry),
        String(o.strike),
        o.type === 'C' ? 'Call' : 'Put',
        String(o.openInterest),
        String(o.iv * 100),
      ],
      ['Symbol', 'Expiration', 'Strike', 'Type', 'OpenInt', 'IV%'],
    );
    const s = parseGenericCsv(
      csv,
      {
        venue: 'cboe',
        underlying: spx.underlying,
        asOf: new Date(spx.asOf).toISOString(),
        spot: spx.spot,
        model: 'bsm',
        columns: {
          instrument: 'Symbol',
          strike: 'Strike',
          type: 'Type',
          expiry: 'Expiration',
          openInterest: 'OpenInt',
          iv: 'IV%',
        },
        expiry: { format: 'MM/DD/YYYY', timeZone: 'America/New_York', time: '16:00' },
        ivUnit: 'percent',
        multiplier: 100,
      },
      { source: 'spx.csv' },
    );
    expect(s.options.length).toBe(spx.options.length);
    expect(s.options.map((o) => o.expiry)).toEqual(spx.options.map((o) => o.expiry));
    const a = buildGexReport(s);
    const b = buildGexReport(spx);
    expect(Math.abs(a.netGex - b.netGex)).toBeLessThan(1e-9 * Math.abs(b.netGex));
    expect(a.callWall).toBe(b.callWall);
  });
});

describe('generic CSV quoting with another delimiter', () => {
  it('keeps a quoted field holding the delimiter and a comma in one cell', () => {
    const text = [
      'symbol;expiration;strike;cp;open_int;iv_pct;fwd',
      '"desk; BTC, 90k call";2025-11-28;90000;call;1;47;91635,5',
    ].join('\n');
    const s = parseGenericCsv(text, mapping(), { source: 'x' });
    expect(s.options[0]?.instrument).toBe('desk; BTC, 90k call');
    expect(s.options[0]?.forward).toBe(91635.5);
  });
});

/** The fixture chain with a `when` column holding `values[i]` on data row i (the last value repeats). */
function withAsOfColumn(values: string[]): string {
  const [header, ...rows] = fixture('chain.csv').trim().split('\n');
  return [`${header};when`, ...rows.map((r, i) => `${r};${values[Math.min(i, values.length - 1)]}`)].join('\n');
}

/** The fixture mapping reading asOf from the `when` column instead of the top level. */
function asOfColumnMapping() {
  const { asOf: _, ...m } = mapping();
  return { ...m, columns: { ...m.columns, asOf: 'when' } };
}

describe('columns.asOf: the snapshot instant read from each row', () => {
  it('takes the instant of the rows, ISO with its zone or epoch ms, the same on every row', () => {
    const iso = parseGenericCsv(withAsOfColumn(['2025-11-19T06:20:36-05:00']), asOfColumnMapping(), { source: 'x' });
    expect(iso.asOf).toBe(Date.parse('2025-11-19T11:20:36Z'));
    const ms = parseGenericCsv(withAsOfColumn([String(Date.parse('2025-11-19T11:20:36Z'))]), asOfColumnMapping(), {
      source: 'x',
    });
    expect(ms.asOf).toBe(iso.asOf);
    // one instant written two ways is the same instant
    const mixed = withAsOfColumn(['2025-11-19T11:20:36Z', '2025-11-19T12:20:36+01:00']);
    expect(parseGenericCsv(mixed, asOfColumnMapping(), { source: 'x' }).asOf).toBe(iso.asOf);
    // admission and time to expiry run on the row's instant: the same chain as with the top-level asOf
    expect(iso.options).toEqual(parseGenericCsv(fixture('chain.csv'), mapping(), { source: 'x' }).options);
  });

  it('refuses a row whose asOf differs from the first, naming the line and the column', () => {
    const text = withAsOfColumn(['2025-11-19T11:20:36Z', '2025-11-19T11:21:36Z']);
    expect(() => parseGenericCsv(text, asOfColumnMapping(), { source: 'x' })).toThrow(
      `line 3: asOf ("2025-11-19T11:21:36Z") differs from the file's 2025-11-19T11:20:36.000Z`,
    );
  });

  it('refuses a time without a zone, a date alone, and epoch seconds (outside 1990–2100 as ms)', () => {
    for (const [value, message] of [
      ['2025-11-19T11:20:36', 'line 2: asOf ("2025-11-19T11:20:36") is not an ISO 8601 instant with its zone'],
      ['2025-11-19', 'line 2: asOf ("2025-11-19") is not an ISO 8601 instant with its zone'],
      ['1763551236', 'line 2: asOf (1763551236) is not an epoch-ms instant between 1990-01-01 and 2100-01-01'],
    ] as const) {
      expect(() => parseGenericCsv(withAsOfColumn([value]), asOfColumnMapping(), { source: 'x' })).toThrow(message);
    }
  });

  it('needs exactly one of the top-level asOf and columns.asOf, naming the key', () => {
    const { asOf: _, ...none } = mapping();
    expect(() => parseGenericCsv(fixture('chain.csv'), none, { source: 'x' })).toThrow(
      'mapping.asOf: is needed (or columns.asOf)',
    );
    const both = { ...asOfColumnMapping(), asOf: '2025-11-19T11:20:36Z' };
    expect(() => parseGenericCsv(withAsOfColumn(['2025-11-19T11:20:36Z']), both, { source: 'x' })).toThrow(
      'mapping.columns.asOf: excludes the top-level asOf: give one of them',
    );
  });

  it('names a mapped asOf column missing from the header', () => {
    expect(() => parseGenericCsv(fixture('chain.csv'), asOfColumnMapping(), { source: 'x' })).toThrow(
      'line 1: no column "when" (mapped as asOf) in the header',
    );
  });
});
