import { describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { testSnapshot } from './contract.js';

const AS_OF = Date.UTC(2025, 5, 2, 8);

/** A store holding one snapshot whose JSON column `column` was overwritten with `text`. */
async function storeWith(column: 'flips' | 'dropped', text: string): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(':memory:');
  await store.writeSnapshot(recordOf(testSnapshot(AS_OF)));
  await store.sql(`UPDATE snapshots SET ${column} = $1`, [text]);
  return store;
}

describe('stored JSON columns (flips, dropped rows)', () => {
  it('read back as written', async () => {
    const store = await DuckDbStore.open(':memory:');
    const snapshot = testSnapshot(AS_OF);
    const record = recordOf(snapshot);
    await store.writeSnapshot(record);
    const [summary] = await store.readSummaries();
    expect(summary?.flips).toEqual(record.summary.flips);
    expect((await store.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: AS_OF }))?.dropped).toEqual(
      snapshot.dropped,
    );
  });

  it('refuse a flips column that is not a list of numbers, naming the snapshot, the column and the item', async () => {
    const store = await storeWith('flips', '[101.5, "x"]');
    await expect(store.readSummaries()).rejects.toThrow(
      `stored snapshot deribit BTC at ${AS_OF}: column flips[1]: Invalid input: expected number, received string`,
    );
  });

  it('refuse a dropped column that is not JSON, or holds an unknown drop reason', async () => {
    const key = { venue: 'deribit', underlying: 'BTC', asOf: AS_OF };
    await expect((await storeWith('dropped', '[{"where":')).readSnapshot(key)).rejects.toThrow(
      /column dropped is not JSON$/,
    );
    const unknown = '[{"where":"line 3","field":"iv","reason":"cosmic-rays"}]';
    await expect((await storeWith('dropped', unknown)).readSnapshot(key)).rejects.toThrow(
      /^stored snapshot deribit BTC at \d+: column dropped\[0\]\.reason: Invalid option/,
    );
  });
});
