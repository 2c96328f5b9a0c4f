import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const threshold = async (store: DuckDbStore) =>
  (await store.sql("SELECT current_setting('checkpoint_threshold') AS t"))[0]?.t;

describe('a bulk write to a DuckDB file', () => {
  it('keeps the real SPX history in the write-ahead log past 16 MB, loses none of it at close, and leaves the threshold as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-bulk-'));
    dirs.push(dir);
    const path = join(dir, 'history.duckdb');
    const records = [];
    for (const f of SPX_HISTORY_FILES) records.push(recordOf(await readCboeFile(join(SPX_HISTORY_DIR, f.file))));
    const rows = records.reduce((n, r) => n + r.snapshot.options.length, 0);

    const store = await DuckDbStore.open(path);
    const before = await threshold(store);
    expect(await store.writeSnapshots(records, 20_000)).toEqual({ written: records.length, existing: 0 });
    // DuckDB's own threshold would have folded the log into the file at 16 MB
    expect(statSync(`${path}.wal`).size).toBeGreaterThan(16 * 2 ** 20);
    expect(await threshold(store)).toBe(before);
    await store.close();

    const again = await DuckDbStore.open(path, { readOnly: true });
    expect((await again.listSnapshots()).length).toBe(records.length);
    expect(await again.countOptionRows()).toBe(rows);
    await again.close();
  }, 180_000);
});
