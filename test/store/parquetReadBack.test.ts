import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { exportParquet } from '../../src/store/parquet.js';
import { OPTION_COLUMNS, SNAPSHOT_COLUMNS } from '../../src/store/rows.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

/**
 * Each exported column's Parquet type as an engine sees it (physical type, and the logical one for
 * strings): the schema README's "Parquet export" table documents. venue, underlying and date are in the path.
 */
const STRING = 'BYTE_ARRAY/UTF8';
const EXPECTED_TYPES: Record<'snapshots' | 'option_rows', Record<string, string>> = {
  snapshots: {
    as_of: 'INT64',
    spot: 'DOUBLE',
    source: STRING,
    model_kind: STRING,
    rate: 'DOUBLE',
    dividend_yield: 'DOUBLE',
    dropped: STRING,
    option_count: 'INT32',
    net_gex: 'DOUBLE',
    call_gex: 'DOUBLE',
    put_gex: 'DOUBLE',
    regime: STRING,
    flips: STRING,
    nearest_flip: 'DOUBLE',
    distance_to_flip_pct: 'DOUBLE',
    call_wall: 'DOUBLE',
    put_wall: 'DOUBLE',
    pins: STRING,
  },
  option_rows: {
    as_of: 'INT64',
    instrument: STRING,
    expiry: 'INT64',
    strike: 'DOUBLE',
    option_type: STRING,
    open_interest: 'DOUBLE',
    iv: 'DOUBLE',
    forward: 'DOUBLE',
    multiplier: 'DOUBLE',
    mark_price: 'DOUBLE',
    ordinal: 'INT32',
  },
};
const PARTITIONS = ['venue', 'underlying', 'date'];

type Row = Record<string, unknown>;

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => join(dir, f))
    .sort();
}

/** One file's rows as an independent reader sees them, with the partition columns read from the path. */
async function readPartition(root: string, file: string): Promise<{ types: Record<string, string>; rows: Row[] }> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const types: Record<string, string> = {};
  for (const child of parquetSchema(metadata).children) {
    const e = child.element;
    types[e.name] = e.type === 'BYTE_ARRAY' ? `BYTE_ARRAY/${e.logical_type?.type ?? e.converted_type}` : String(e.type);
  }
  const parts = Object.fromEntries(
    relative(root, file)
      .split(sep)
      .slice(0, -1)
      .map((p) => p.split('=') as [string, string]),
  );
  const rows = (await parquetReadObjects({ file: buffer, metadata })).map((r) => {
    const row: Row = { ...parts };
    for (const [k, v] of Object.entries(r)) row[k] = v ?? null;
    return row;
  });
  return { types, rows };
}

const keyOf = (r: Row) => `${r.venue}|${r.underlying}|${String(r.as_of)}|${String(r.instrument ?? '')}`;
const sorted = (rows: Row[]) => [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

const dir = mkdtempSync(join(tmpdir(), 'gexmap-pq-read-'));
let store: DuckDbStore;
const out = join(dir, 'export');

beforeAll(async () => {
  store = await DuckDbStore.open(join(dir, 'history.duckdb'));
  const chains = [
    await readCboeFile(CBOE_SPX_FILE),
    ...(await Promise.all(SPX_HISTORY_FILES.slice(0, 3).map((f) => readCboeFile(join(SPX_HISTORY_DIR, f.file))))),
    await readDeribitDir(DERIBIT_BTC_DIR),
  ];
  await store.writeSnapshots(chains.map((c) => recordOf(c)));
  expect(await exportParquet(store, out)).toBe(chains.length);
}, 300_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Parquet export read by an independent reader (hyparquet, not the DuckDB that wrote it)', () => {
  for (const [table, columns] of [
    ['snapshots', SNAPSHOT_COLUMNS],
    ['option_rows', OPTION_COLUMNS],
  ] as const) {
    it(`${table}: every file has the documented columns and types, and every row equals the store's`, async () => {
      const files = parquetFiles(join(out, table));
      expect(files.length).toBe(5);
      const read: Row[] = [];
      for (const file of files) {
        expect(relative(join(out, table), file)).toMatch(
          /^venue=[a-z]+\/underlying=[A-Z]+\/date=\d{4}-\d{2}-\d{2}\/[^/]+\.parquet$/,
        );
        const { types, rows } = await readPartition(join(out, table), file);
        expect(types).toEqual(EXPECTED_TYPES[table]);
        read.push(...rows);
      }
      const stored = await store.sql(
        `SELECT ${columns.join(', ')}, strftime(make_timestamp(as_of * 1000), '%Y-%m-%d') AS date FROM ${table}`,
      );
      expect(read.length).toBe(stored.length);
      expect(Object.keys(read[0] ?? {}).sort()).toEqual([...columns, 'date'].sort());
      expect(sorted(read)).toEqual(sorted(stored));
      expect(Object.keys(EXPECTED_TYPES[table]).sort()).toEqual(columns.filter((c) => !PARTITIONS.includes(c)).sort());
    });
  }

  it('the rows are the chains stored: one snapshot row per chain, one option row per option', async () => {
    const snapshots = (
      await Promise.all(parquetFiles(join(out, 'snapshots')).map((f) => readPartition(join(out, 'snapshots'), f)))
    ).flatMap((p) => p.rows);
    const options = (
      await Promise.all(parquetFiles(join(out, 'option_rows')).map((f) => readPartition(join(out, 'option_rows'), f)))
    ).flatMap((p) => p.rows);
    for (const s of snapshots) {
      const own = options.filter((o) => o.venue === s.venue && o.underlying === s.underlying && o.as_of === s.as_of);
      expect(own.length).toBe(s.option_count);
    }
    expect(new Set(snapshots.map((s) => s.venue))).toEqual(new Set(['cboe', 'deribit']));
  });
});
