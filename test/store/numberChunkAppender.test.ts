import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { NumberChunkAppender } from '../../src/store/numberChunkAppender.js';

/** Rows over three chunks and a part: ids, doubles with nulls in every chunk, at both ends of a word. */
const ROWS = 2048 * 3 + 77;
const isNull = (r: number) => r % 7 === 3 || r % 2048 === 0 || r % 2048 === 63 || r % 2048 === 2047 || r === ROWS - 1;

describe('NumberChunkAppender', () => {
  it('appends integers and doubles column-wise, nulls where set, across full and partial chunks', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('CREATE TABLE t (id INTEGER NOT NULL, x DOUBLE, y DOUBLE NOT NULL)');
    const app = await c.createAppender('t');
    const w = new NumberChunkAppender(app, [
      { type: 'integer' },
      { type: 'double', nullable: true },
      { type: 'double' },
    ]);
    for (let r = 0; r < ROWS; r++) {
      w.set(0, r - 1000);
      if (isNull(r)) w.setNull(1);
      else w.set(1, r / 3);
      w.set(2, -r * 1e-300);
      w.endRow();
    }
    w.finish();
    app.flushSync();
    app.closeSync();
    const rows = (await c.runAndReadAll('SELECT id, x, y FROM t ORDER BY id')).getRowObjects();
    expect(rows).toHaveLength(ROWS);
    for (let r = 0; r < ROWS; r++) {
      const row = rows[r] as { id: number; x: number | null; y: number };
      expect(row.id).toBe(r - 1000);
      expect(row.x, `row ${r}`).toBe(isNull(r) ? null : r / 3);
      expect(row.y).toBe(-r * 1e-300);
    }
    c.closeSync();
    db.closeSync();
  });

  it('refuses a null in a column not declared nullable', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('CREATE TABLE t (id INTEGER)');
    const w = new NumberChunkAppender(await c.createAppender('t'), [{ type: 'integer' }]);
    expect(() => w.setNull(0)).toThrow('column 0 is not nullable');
    c.closeSync();
    db.closeSync();
  });
});
