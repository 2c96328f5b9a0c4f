import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { exportParquet, importParquet } from '../../src/store/parquet.js';
import { testSnapshot } from './contract.js';
import { withScratchPostgres } from './pg.js';

const dir = mkdtempSync(join(tmpdir(), 'gexmap-pq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2025, 10, 30, 22);
const HOUR = 3_600_000;

describe('Parquet interchange', () => {
  it('exports Hive partitions venue=/underlying=/date= and imports them back into DuckDB and PostgreSQL unchanged', async () => {
    const source = await DuckDbStore.open(':memory:');
    for (let h = 0; h < 4; h++) await source.writeSnapshot(recordOf(testSnapshot(T0 + h * HOUR, h + 1)));
    await source.writeSnapshot(recordOf(testSnapshot(T0, 7, { underlying: 'ETH' })));
    const out = join(dir, 'export');
    expect(await exportParquet(source, out)).toBe(5);
    for (const table of ['snapshots', 'option_rows']) {
      expect(readdirSync(join(out, table, 'venue=deribit', 'underlying=BTC')).sort()).toEqual([
        'date=2025-11-30',
        'date=2025-12-01',
      ]);
      expect(existsSync(join(out, table, 'venue=deribit', 'underlying=ETH', 'date=2025-11-30'))).toBe(true);
    }
    const wantSummaries = await source.readSummaries();
    const wantSnap = await source.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 3 * HOUR });

    const duck = await DuckDbStore.open(':memory:');
    expect(await importParquet(out, duck)).toEqual({ written: 5, existing: 0 });
    expect(await duck.readSummaries()).toEqual(wantSummaries);
    expect(await duck.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 3 * HOUR })).toEqual(wantSnap);
    expect(await importParquet(out, duck)).toEqual({ written: 0, existing: 5 });

    try {
      await withScratchPostgres('parquet', async (pg) => {
        expect(await importParquet(out, pg)).toEqual({ written: 5, existing: 0 });
        expect(await pg.readSummaries()).toEqual(wantSummaries);
        expect(await pg.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 3 * HOUR })).toEqual(wantSnap);
      });
    } finally {
      await Promise.all([source.close(), duck.close()]);
    }
  });
});

describe('Parquet export straight from a DuckDB file, and from PostgreSQL', () => {
  it('exports only the query (venue, underlying, time range) from a read-only DuckDB file, as PostgreSQL exports it', async () => {
    const path = join(dir, 'history.duckdb');
    const writer = await DuckDbStore.open(path);
    const records = [
      ...Array.from({ length: 4 }, (_, h) => recordOf(testSnapshot(T0 + h * HOUR, h + 1))),
      recordOf(testSnapshot(T0, 7, { underlying: 'ETH' })),
    ];
    await writer.writeSnapshots(records);
    await writer.close();
    const query = { venue: 'deribit', underlying: 'BTC', from: T0 + HOUR, to: T0 + 3 * HOUR };
    const reader = await DuckDbStore.open(path, { readOnly: true, lock: 'per-operation' });
    const fromDuck = join(dir, 'from-duckdb');
    expect(await exportParquet(reader, fromDuck, query)).toBe(2);
    await reader.close();

    const fromPg = join(dir, 'from-postgres');
    await withScratchPostgres('parquet_export', async (pg) => {
      await pg.writeSnapshots(records);
      expect(await exportParquet(pg, fromPg, query)).toBe(2);
    });

    const back = async (from: string) => {
      const mem = await DuckDbStore.open(':memory:');
      await importParquet(from, mem);
      const out = {
        summaries: await mem.readSummaries(),
        snapshot: await mem.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 2 * HOUR }),
      };
      await mem.close();
      return out;
    };
    const duck = await back(fromDuck);
    expect(duck.summaries.map((s) => s.asOf)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    expect(duck.summaries[1]).toEqual({
      venue: 'deribit',
      underlying: 'BTC',
      asOf: T0 + 2 * HOUR,
      ...records[2]!.summary,
    });
    expect(await back(fromPg)).toEqual(duck);
    expect(existsSync(join(fromDuck, 'snapshots', 'venue=deribit', 'underlying=ETH'))).toBe(false);
  });
});
