import {
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
export const CHUNK_ROWS = 2048;

/**
 * Appends rows column-wise through one reused data chunk of 2,048 rows: a value is written into
 * its column's vector (a typed array for numbers) and crosses into DuckDB once per chunk, instead
 * of one native call per value as with the row appender.
 *
 *     const w = new ChunkAppender(appender, [INTEGER, DOUBLE]);
 *     for (const r of rows) { w.set(0, r.id); w.set(1, r.x); w.endRow(); }
 *     w.finish();
 */
export class ChunkAppender {
  private readonly chunk: DuckDBDataChunk;
  private columns: DuckDBVector[];
  private k = 0;

  constructor(
    private readonly app: DuckDBAppender,
    private readonly types: readonly DuckDBType[],
  ) {
    this.chunk = DuckDBDataChunk.create([...types], CHUNK_ROWS);
    this.columns = types.map((_, j) => this.chunk.getColumnVector(j));
  }

  /** Writes `value` into column `j` of the row being filled. */
  set(j: number, value: DuckDBValue | null): void {
    const column = this.columns[j];
    if (column === undefined) throw new RangeError(`no column ${j} in a chunk of ${this.columns.length} columns`);
    column.setItem(this.k, value);
  }

  endRow(): void {
    if (++this.k === CHUNK_ROWS) this.flush();
  }

  /** Appends the rows of a partly filled last chunk. */
  finish(): void {
    if (this.k > 0) this.flush();
  }

  private flush(): void {
    for (const v of this.columns) v.flush();
    if (this.k < CHUNK_ROWS) {
      // a smaller row count drops the chunk's cached vectors: fetch them again for any later rows
      this.chunk.rowCount = this.k;
      this.app.appendDataChunk(this.chunk);
      this.chunk.rowCount = CHUNK_ROWS;
      this.columns = this.types.map((_, j) => this.chunk.getColumnVector(j));
    } else {
      this.app.appendDataChunk(this.chunk);
    }
    this.k = 0;
  }
}
