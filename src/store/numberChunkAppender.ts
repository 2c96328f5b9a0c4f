import { DOUBLE, type DuckDBAppender, DuckDBDataChunk, INTEGER } from '@duckdb/node-api';
import bindings from '@duckdb/node-bindings';
import { CHUNK_ROWS } from './chunkAppender.js';

/** A column of numbers: 32-bit integers or doubles, with nulls or without. */
export interface NumberColumn {
  readonly type: 'integer' | 'double';
  readonly nullable?: boolean;
}

/**
 * Appends rows of numbers column-wise through one reused data chunk: each column is a typed array
 * of its own that is copied into its DuckDB vector once per 2,048 rows. The row appender pays a
 * native call per value and ChunkAppender a vector method per value that also keeps a validity bit
 * with BigInt arithmetic; here a value is one typed-array store, and a null one cleared bit of a
 * column declared nullable. The option rows of a bulk import go through it.
 *
 *     const w = new NumberChunkAppender(appender, [{ type: 'integer' }, { type: 'double', nullable: true }]);
 *     for (const r of rows) { w.set(0, r.id); r.x === undefined ? w.setNull(1) : w.set(1, r.x); w.endRow(); }
 *     w.finish();
 */
export class NumberChunkAppender {
  private readonly chunk: DuckDBDataChunk;
  private readonly values: (Int32Array | Float64Array)[];
  /** per column, its validity bits (1: a value), for the nullable ones */
  private readonly valid: (Uint8Array | undefined)[];
  private k = 0;

  constructor(
    private readonly app: DuckDBAppender,
    private readonly columns: readonly NumberColumn[],
  ) {
    this.chunk = DuckDBDataChunk.create(
      columns.map((c) => (c.type === 'integer' ? INTEGER : DOUBLE)),
      CHUNK_ROWS,
    );
    this.values = columns.map((c) =>
      c.type === 'integer' ? new Int32Array(CHUNK_ROWS) : new Float64Array(CHUNK_ROWS),
    );
    this.valid = columns.map((c) => (c.nullable === true ? new Uint8Array(CHUNK_ROWS / 8).fill(0xff) : undefined));
  }

  /** Writes `value` into column `j` of the row being filled (an integer column keeps its 32 bits). */
  set(j: number, value: number): void {
    (this.values[j] as Int32Array | Float64Array)[this.k] = value;
  }

  /** Leaves column `j` of the row being filled null; the column must be declared nullable. */
  setNull(j: number): void {
    const valid = this.valid[j];
    if (valid === undefined) throw new RangeError(`column ${j} is not nullable`);
    valid[this.k >> 3] = (valid[this.k >> 3] as number) & ~(1 << (this.k & 7));
  }

  endRow(): void {
    if (++this.k === CHUNK_ROWS) this.flush();
  }

  /** Appends the rows of a partly filled last chunk. */
  finish(): void {
    if (this.k > 0) this.flush();
  }

  private flush(): void {
    const rows = this.k;
    for (let j = 0; j < this.columns.length; j++) {
      const vector = bindings.data_chunk_get_vector(this.chunk.chunk, j);
      const v = this.values[j] as Int32Array | Float64Array;
      bindings.copy_data_to_vector(vector, 0, v.buffer as ArrayBuffer, v.byteOffset, rows * v.BYTES_PER_ELEMENT);
      const valid = this.valid[j];
      if (valid === undefined) continue;
      // the mask in whole 64-bit words (DuckDB's layout: bit r of byte r/8, little-endian words)
      bindings.vector_ensure_validity_writable(vector);
      bindings.copy_data_to_vector_validity(vector, 0, valid.buffer as ArrayBuffer, 0, Math.ceil(rows / 64) * 8);
      valid.fill(0xff);
    }
    this.chunk.rowCount = rows;
    this.app.appendDataChunk(this.chunk);
    this.k = 0;
  }
}
