import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { runCli } from '../../src/cli/main.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { parseGenericCsv } from '../../src/sources/csv/generic.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { CBOE_SPX_FILE, DATA_DIR, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { withScratchPostgres } from '../store/pg.js';
import { newYorkQuoteTime, SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

async function run(args: string[], opts: { progress?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
    // the summary's words, each line whole (textWidth.test.ts checks it wrapped to a terminal)
    width: 0,
    ...opts,
  });
  return { code, stdout, stderr };
}

async function stored(db: string) {
  const store = await DuckDbStore.open(db, { readOnly: true });
  try {
    return { summaries: await store.readSummaries(), rows: await store.countOptionRows() };
  } finally {
    await store.close();
  }
}

// the 17 real SPX downloads; files.csv, spx_daily_ohlc.csv and PROVENANCE.md beside them are not chains

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gexmap-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gexmap import --cboe DIR: the 17 real SPX downloads', () => {
  let db: string;
  beforeAll(() => {
    db = join(dir, 'spx.duckdb');
  });

  it('stores each file as a snapshot at its own quote time and spot, its summary the report of the file', async () => {
    const r = await run(['import', '--db', db, '--cboe', SPX_HISTORY_DIR]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'imported 17 file(s): 17 stored, 0 already stored, 0 refused, 3 skipped (not chain files)',
    );
    for (const name of ['PROVENANCE.md', 'files.csv', 'spx_daily_ohlc.csv'])
      expect(r.stdout).toContain(`skipped ${join(SPX_HISTORY_DIR, name)}: `);
    const { summaries } = await stored(db);
    expect(summaries).toHaveLength(17);
    for (const { file, quoteTime, spot } of SPX_HISTORY_FILES) {
      const point = summaries.find((p) => p.asOf === newYorkQuoteTime(quoteTime));
      expect(point, file).toBeDefined();
      expect(point?.spot, file).toBe(spot);
      expect([point?.venue, point?.underlying]).toEqual(['cboe', 'SPX']);
      const report = buildGexReport(await readCboeFile(join(SPX_HISTORY_DIR, file)));
      expect(point?.netGex, file).toBe(report.netGex);
      expect(point?.options, file).toBe(report.counts.options);
    }
  }, 180_000);

  it('imports nothing the second time and says so, with a progress line on a terminal', async () => {
    const before = await stored(db);
    const r = await run(['import', '--db', db, '--cboe', SPX_HISTORY_DIR], { progress: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'imported 17 file(s): 0 stored, 17 already stored (nothing new), 0 refused, 3 skipped (not chain files)',
    );
    // 19 .csv files read: the 17 chains, files.csv and spx_daily_ohlc.csv
    expect(r.stderr).toMatch(/^\rimport 1 \/ 19 files \(5 %\) · 0 refused\r/);
    expect(r.stderr).toMatch(/\rimport 19 \/ 19 files \(100 %\) · 0 refused\n$/);
    const after = await stored(db);
    expect(after.rows).toBe(before.rows);
    expect(after.summaries).toEqual(before.summaries);
  }, 180_000);
});

describe('gexmap import: a forward refused for its size', () => {
  it('names the --rate flag it came from, with the reading of its value, not only the instrument', async () => {
    const db = join(dir, 'rate.duckdb');
    const r = await run(['import', '--db', db, '--cboe', CBOE_SPX_FILE, '--rate', '0.5', '--json']);
    expect(r.code).toBe(1);
    const error = (JSON.parse(r.stdout) as { refused: { error: string }[] }).refused[0]?.error ?? '';
    expect(error).toMatch(/^--rate 0\.5 \(50 %\) gives a forward no chain has: .*forward \(/);
  }, 60_000);
});

describe('gexmap import: a folder with a bad file', () => {
  it('refuses the truncated file by name and line, exits 1, and stores the others without losing what was stored', async () => {
    const folder = join(dir, 'with-bad');
    mkdirSync(folder);
    const [a, b, c] = SPX_HISTORY_FILES as [
      (typeof SPX_HISTORY_FILES)[0],
      (typeof SPX_HISTORY_FILES)[0],
      (typeof SPX_HISTORY_FILES)[0],
    ];
    symlinkSync(join(SPX_HISTORY_DIR, a.file), join(folder, a.file));
    symlinkSync(join(SPX_HISTORY_DIR, b.file), join(folder, b.file));
    // a download cut off in the middle of its 300th line
    const lines = readFileSync(join(SPX_HISTORY_DIR, c.file), 'utf8').split('\n').slice(0, 300);
    lines[299] = (lines[299] as string).slice(0, 40);
    const bad = join(folder, 'spx_quotedata_cut.csv');
    writeFileSync(bad, lines.join('\n'));
    const db = join(dir, 'bad.duckdb');
    // one chain stored before: it must still be there afterwards
    expect((await run(['import', '--db', db, '--cboe', join(SPX_HISTORY_DIR, c.file)])).code).toBe(0);

    const r = await run(['import', '--db', db, '--cboe', folder]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'imported 3 file(s): 2 stored, 0 already stored, 1 refused, 0 skipped (not chain files)',
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `refused ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 300: \\d+ fields, expected 22 \\(row cut short`,
      ),
    );
    expect(r.stderr).toBe('gexmap: import: 1 of 3 file(s) refused (the others imported)\n');
    const { summaries } = await stored(db);
    expect(summaries.map((p) => p.asOf).sort()).toEqual([a, b, c].map((x) => newYorkQuoteTime(x.quoteTime)).sort());
  }, 120_000);
});

/** The real 2022-12-12 SPX chain as a plain CSV with an `as_of` column: `asOf(i)` on data row i. */
async function spxCsv(asOf: (row: number) => string): Promise<string> {
  const spx = await readCboeFile(CBOE_SPX_FILE);
  const us = (ms: number) => {
    const d = new Date(ms - 5 * 3_600_000);
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  };
  const rows = spx.options.map((o, i) =>
    [o.instrument, us(o.expiry), o.strike, o.type, o.openInterest, o.iv * 100, asOf(i)].join(','),
  );
  return ['Symbol,Expiration,Strike,Type,OpenInt,IV%,as_of', ...rows].join('\n');
}

const spxMapping = (spot: number) => ({
  venue: 'desk',
  underlying: 'SPX',
  spot,
  model: 'bsm',
  columns: {
    instrument: 'Symbol',
    strike: 'Strike',
    type: 'Type',
    expiry: 'Expiration',
    openInterest: 'OpenInt',
    iv: 'IV%',
    asOf: 'as_of',
  },
  expiry: { format: 'MM/DD/YYYY', timeZone: 'America/New_York', time: '16:00' },
  ivUnit: 'percent',
  multiplier: 100,
});

describe('gexmap import --csv DIR --mapping with columns.asOf', () => {
  it('stores each file at the instant of its rows, and refuses a file with a row at another instant, naming the line', async () => {
    const folder = join(dir, 'csv');
    mkdirSync(folder);
    const mapping = join(dir, 'spx-mapping.json');
    const spxMap = spxMapping((await readCboeFile(CBOE_SPX_FILE)).spot);
    writeFileSync(mapping, JSON.stringify(spxMap));
    const times = ['2022-12-12T15:00:00-05:00', '2022-12-12T21:00:00Z', String(Date.parse('2022-12-12T22:00:00Z'))];
    const texts = await Promise.all(times.map((t) => spxCsv(() => t)));
    for (const [i, text] of texts.entries()) writeFileSync(join(folder, `spx-${i}.csv`), text);
    writeFileSync(join(folder, 'spx-3-bad.csv'), await spxCsv((i) => (i === 40 ? '2022-12-12T23:00:00Z' : times[0]!)));
    writeFileSync(join(folder, 'index.csv'), 'file,taken\nspx-0.csv,15:00\n');
    writeFileSync(join(folder, 'notes.txt'), 'three snapshots of one day\n');
    const db = join(dir, 'csv.duckdb');

    const r = await run(['import', '--db', db, '--csv', folder, '--mapping', mapping, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      stored: number;
      existing: number;
      refused: { file: string; error: string }[];
      skipped: { file: string; reason: string }[];
      snapshots: { file: string; venue: string; underlying: string; asOf: number }[];
    };
    expect([out.stored, out.existing]).toEqual([3, 0]);
    // data row 40 is line 42 (the header is line 1)
    expect(out.refused).toEqual([
      {
        file: join(folder, 'spx-3-bad.csv'),
        error: `line 42: asOf ("2022-12-12T23:00:00Z") differs from the file's 2022-12-12T20:00:00.000Z`,
      },
    ]);
    expect(out.skipped.map((s) => s.file).sort()).toEqual([join(folder, 'index.csv'), join(folder, 'notes.txt')]);
    const instants = [
      Date.parse('2022-12-12T20:00:00Z'),
      Date.parse('2022-12-12T21:00:00Z'),
      Date.parse('2022-12-12T22:00:00Z'),
    ];
    expect(out.snapshots).toEqual(
      instants.map((asOf, i) => ({
        file: join(folder, `spx-${i}.csv`),
        venue: 'desk',
        underlying: 'SPX',
        asOf,
        options: expect.any(Number),
        dropped: expect.any(Number),
      })),
    );
    const { summaries } = await stored(db);
    expect(summaries.map((p) => p.asOf)).toEqual(instants);
    texts.forEach((text, i) => {
      const report = buildGexReport(parseGenericCsv(text, spxMap, { source: 'x' }));
      expect(summaries[i]?.netGex).toBe(report.netGex);
    });
  }, 120_000);
});

describe('gexmap import of several kinds of chain into one store', () => {
  it('stores a Deribit folder, a saved CBOE JSON answer and a CBOE file side by side', async () => {
    const json = join(dir, '_VIX.json');
    const raw = JSON.parse(readFileSync(resolve(DATA_DIR, 'venues/cboe/_VIX-excerpt-2026-05-20.json'), 'utf8'));
    // the excerpt is cut before the data-level header: spot added (VIX near 17)
    raw.data.current_price = 17.2;
    writeFileSync(json, JSON.stringify(raw));
    const db = join(dir, 'mixed.duckdb');
    const r = await run([
      'import',
      '--db',
      db,
      '--deribit-dir',
      DERIBIT_BTC_DIR,
      '--cboe-json',
      json,
      '--cboe',
      CBOE_SPX_FILE,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('imported 3 file(s): 3 stored, 0 already stored, 0 refused, 0 skipped (not chain files)\n');
    const { summaries } = await stored(db);
    expect(summaries.map((p) => `${p.venue} ${p.underlying}`).sort()).toEqual(['cboe SPX', 'cboe VIX', 'deribit BTC']);
    expect(summaries.find((p) => p.underlying === 'VIX')?.asOf).toBe(Date.parse('2026-05-20T23:02:44Z'));
  }, 120_000);
});

describe('gexmap import --deribit-dir DIR of recorded chains', () => {
  it('reads each subfolder holding get_instruments.json as one chain and skips the rest', async () => {
    const folder = join(dir, 'deribit');
    mkdirSync(folder);
    symlinkSync(DERIBIT_BTC_DIR, join(folder, '2025-11-19'));
    mkdirSync(join(folder, 'empty'));
    writeFileSync(join(folder, 'notes.txt'), 'recorded chains\n');
    const r = await run(['import', '--db', join(dir, 'deribit.duckdb'), '--deribit-dir', folder, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { stored: number; skipped: { file: string }[]; snapshots: { file: string }[] };
    expect(out.stored).toBe(1);
    expect(out.snapshots.map((x) => x.file)).toEqual([join(folder, '2025-11-19')]);
    expect(out.skipped.map((x) => x.file)).toEqual([join(folder, 'empty'), join(folder, 'notes.txt')]);
  }, 120_000);
});

describe('gexmap import of one chain named twice', () => {
  it('stores it once and counts the second as already stored', async () => {
    const db = join(dir, 'twice.duckdb');
    const r = await run(['import', '--db', db, '--cboe', CBOE_SPX_FILE, '--cboe', CBOE_SPX_FILE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('imported 2 file(s): 1 stored, 1 already stored, 0 refused, 0 skipped (not chain files)\n');
    expect((await stored(db)).summaries).toHaveLength(1);
  }, 120_000);
});

describe('gexmap import: usage', () => {
  it.each([
    [['import'], 'name the chains to import'],
    [['import', '--csv', 'x.csv'], '--csv FILE|DIR and --mapping MAP.json go together'],
    [['import', '--deribit-dir', DERIBIT_BTC_DIR, '--forward', 'implied'], '--forward: apply to CBOE chains'],
    [
      ['import', '--cboe', SPX_HISTORY_DIR, '--as-of', '2023-04-05T19:41-04:00'],
      '--as-of sets the instant of one CBOE file, and 19 files are named',
    ],
    [
      ['import', '--cboe', CBOE_SPX_FILE, '--db', 'a.duckdb', '--pg', 'postgres://x'],
      '--db and --pg exclude each other',
    ],
  ])('%j exits 2 naming the flag', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses a path that is not there by name, exit 1', async () => {
    const db = join(dir, 'missing.duckdb');
    const r = await run(['import', '--db', db, '--cboe', join(dir, 'nowhere.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`refused ${join(dir, 'nowhere.csv')}: no such file or folder`);
  });
});

describe('gexmap import --db postgres://…', () => {
  it('stores two real SPX files in PostgreSQL, and nothing the second time', async () => {
    await withScratchPostgres('import_cli', async (store, url) => {
      const files = SPX_HISTORY_FILES.slice(0, 2).map((x) => join(SPX_HISTORY_DIR, x.file));
      const args = ['import', '--db', url, '--cboe', files[0]!, '--cboe', files[1]!];
      const first = await run(args);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toBe(
        'imported 2 file(s): 2 stored, 0 already stored, 0 refused, 0 skipped (not chain files)\n',
      );
      const points = await store.readSummaries();
      expect(points.map((p) => p.asOf)).toEqual(
        SPX_HISTORY_FILES.slice(0, 2).map((x) => newYorkQuoteTime(x.quoteTime)),
      );
      expect(points[0]?.netGex).toBe(buildGexReport(await readCboeFile(files[0]!)).netGex);
      const again = await run(args);
      expect(again.stdout).toContain('0 stored, 2 already stored (nothing new)');
      expect(await store.countOptionRows()).toBe(points.reduce((n, p) => n + p.options, 0));
    });
  }, 180_000);
});
