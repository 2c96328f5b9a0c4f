import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { isPacked, packRecord } from '../../src/store/packedRecord.js';
import type { SnapshotRecord, WritableRecord } from '../../src/store/types.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

/** Every row of the three tables, in a fixed order, as DuckDB gives them back. */
async function tablesOf(store: DuckDbStore) {
  return {
    snapshots: await store.sql('SELECT * FROM snapshots ORDER BY id'),
    instruments: await store.sql('SELECT * FROM instruments ORDER BY id'),
    marks: await store.sql('SELECT * FROM option_marks ORDER BY snapshot_id, ordinal'),
  };
}

async function storeOf(records: readonly WritableRecord[]) {
  const store = await DuckDbStore.open(':memory:');
  const outcome = await store.writeSnapshots(records);
  const tables = await tablesOf(store);
  await store.close();
  return { outcome, tables };
}

// three real chains, the second twice (stored once): ids, instruments shared between chains and the skip
const FILES = [0, 1, 1, 2].map((k) => join(SPX_HISTORY_DIR, SPX_HISTORY_FILES[k]?.file ?? ''));

describe('the DuckDB store writing packed records', () => {
  it("packs each real SPX chain's dropped rows as the JSON of its records, written from the reader's log", async () => {
    for (const { file } of SPX_HISTORY_FILES) {
      const snapshot = await readCboeFile(join(SPX_HISTORY_DIR, file));
      const packed = packRecord(recordOf(snapshot)).packed;
      expect(packed.dropped.length, file).toBeGreaterThan(2);
      // read after packing: the records worded from the same log
      expect(packed.dropped, file).toBe(JSON.stringify(snapshot.dropped));
      expect(Object.keys(packed.head), file).toEqual(
        Object.keys(snapshot).filter((k) => k !== 'options' && k !== 'dropped'),
      );
    }
  }, 120_000);

  it('stores the real SPX chains row for row as it stores the same records unpacked', async () => {
    const records: SnapshotRecord[] = [];
    for (const file of FILES) records.push(recordOf(await readCboeFile(file)));
    const packed = records.map((r) => packRecord(r).packed);
    expect(packed.every(isPacked)).toBe(true);

    const plain = await storeOf(records);
    const fast = await storeOf(packed);
    expect(fast.outcome).toEqual({ written: 3, existing: 1 });
    expect(plain.outcome).toEqual(fast.outcome);
    expect(fast.tables.marks.length).toBe(
      records.reduce((n, r, i) => n + (i === 2 ? 0 : r.snapshot.options.length), 0),
    );
    // every cell: the dropped rows' JSON, the summary, the pins, each option's numbers and its instrument
    expect(fast.tables).toStrictEqual(plain.tables);
  }, 120_000);

  it('refuses a packed option row as it refuses the unpacked one, naming the row and field, and stores none of it', async () => {
    const record = recordOf(await readCboeFile(FILES[0] as string));
    const bad = (r: SnapshotRecord, patch: Record<string, number>): SnapshotRecord => ({
      ...r,
      snapshot: { ...r.snapshot, options: r.snapshot.options.map((o, i) => (i === 7 ? { ...o, ...patch } : o)) },
    });
    for (const patch of [{ iv: Number.NaN }, { strike: Number.POSITIVE_INFINITY }, { markPrice: Number.NaN }]) {
      const wrong = bad(record, patch);
      const name = wrong.snapshot.options[7]?.instrument ?? '';
      for (const input of [wrong, packRecord(wrong).packed]) {
        const store = await DuckDbStore.open(':memory:');
        await expect(store.writeSnapshots([input])).rejects.toThrow(
          new RegExp(`^option row ${name}: ${Object.keys(patch)[0]} \\(`),
        );
        expect(await store.countOptionRows()).toBe(0);
        expect(await store.listSnapshots()).toEqual([]);
        await store.close();
      }
    }
  }, 120_000);
});
