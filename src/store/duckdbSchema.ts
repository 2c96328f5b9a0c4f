/**
 * Layout of the embedded store (one DuckDB file).
 *
 * - `snapshots`: one row per snapshot, keyed by (venue, underlying, as_of) and numbered by `id`.
 * - `instruments`: what does not change from snapshot to snapshot (name, expiry, strike, type,
 *   multiplier), stored once per instrument.
 * - `option_marks`: one row per option per snapshot, the numbers that move (open interest, IV,
 *   forward, mark), pointing at its snapshot and instrument, with its place in the snapshot.
 * - `option_rows`: a view joining the three into the flat rows PostgreSQL stores and the Parquet
 *   export writes (venue, underlying, as_of, instrument, expiry, strike, option_type,
 *   open_interest, iv, forward, multiplier, mark_price, ordinal).
 *
 * A recorder sees the same instruments in every snapshot, so an option row shrinks from thirteen
 * flat columns (four of them text) to seven numbers: fewer cells to write and a smaller file.
 * as_of and expiry are epoch milliseconds (UTC); `flips`, `dropped` and `pins` are JSON text
 * (`pins`: the pin levels of each expiry date, SnapshotPins, null in a snapshot stored without them).
 */
export const DUCKDB_SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER NOT NULL UNIQUE,
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, as_of BIGINT NOT NULL,
  spot DOUBLE NOT NULL, source VARCHAR NOT NULL, model_kind VARCHAR NOT NULL, rate DOUBLE NOT NULL,
  dividend_yield DOUBLE, dropped VARCHAR NOT NULL, option_count INTEGER NOT NULL,
  net_gex DOUBLE NOT NULL, call_gex DOUBLE NOT NULL, put_gex DOUBLE NOT NULL, regime VARCHAR NOT NULL,
  flips VARCHAR NOT NULL, nearest_flip DOUBLE, distance_to_flip_pct DOUBLE, call_wall DOUBLE, put_wall DOUBLE,
  pins VARCHAR,
  PRIMARY KEY (venue, underlying, as_of)
);
-- files written before the pins existed: their snapshots read back without pins (null) until filled
ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS pins VARCHAR;
CREATE TABLE IF NOT EXISTS instruments (
  id INTEGER PRIMARY KEY,
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, instrument VARCHAR NOT NULL,
  expiry BIGINT NOT NULL, strike DOUBLE NOT NULL, option_type VARCHAR NOT NULL, multiplier DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS option_marks (
  snapshot_id INTEGER NOT NULL, instrument_id INTEGER NOT NULL,
  open_interest DOUBLE NOT NULL, iv DOUBLE NOT NULL, forward DOUBLE NOT NULL, mark_price DOUBLE, ordinal INTEGER
);
CREATE VIEW IF NOT EXISTS option_rows AS
SELECT s.venue, s.underlying, s.as_of, i.instrument, i.expiry, i.strike, i.option_type,
       m.open_interest, m.iv, m.forward, i.multiplier, m.mark_price, m.ordinal
FROM option_marks m JOIN snapshots s ON s.id = m.snapshot_id JOIN instruments i ON i.id = m.instrument_id;
`;

/**
 * Moves a file of the first layout (snapshots without ids, option_rows a flat table) into the
 * current one, in the caller's transaction; fails, changing nothing, unless every row moved.
 */
export const MIGRATE_FROM_FLAT_ROWS = `
ALTER TABLE snapshots RENAME TO snapshots_flat;
ALTER TABLE option_rows RENAME TO option_rows_flat;
${DUCKDB_SCHEMA}
INSERT INTO snapshots BY NAME
  SELECT CAST(row_number() OVER (ORDER BY as_of, venue, underlying) AS INTEGER) AS id, * FROM snapshots_flat;
INSERT INTO instruments BY NAME
  SELECT CAST(row_number() OVER (ORDER BY venue, underlying, instrument, expiry, strike, option_type, multiplier) AS INTEGER) AS id, *
  FROM (SELECT DISTINCT venue, underlying, instrument, expiry, strike, option_type, multiplier FROM option_rows_flat);
INSERT INTO option_marks BY NAME
  SELECT s.id AS snapshot_id, i.id AS instrument_id, r.open_interest, r.iv, r.forward, r.mark_price
  FROM option_rows_flat r
  JOIN snapshots s USING (venue, underlying, as_of)
  JOIN instruments i USING (venue, underlying, instrument, expiry, strike, option_type, multiplier)
  ORDER BY s.id, i.id;
`;

/** Row counts that must agree after MIGRATE_FROM_FLAT_ROWS, before the flat tables are dropped. */
export const MIGRATION_CHECK = `
SELECT (SELECT count(*) FROM option_rows_flat) AS flat_rows, (SELECT count(*) FROM option_marks) AS marks,
       (SELECT count(*) FROM snapshots_flat) AS flat_snapshots, (SELECT count(*) FROM snapshots) AS snapshots
`;

export const DROP_FLAT_ROWS = 'DROP TABLE option_rows_flat; DROP TABLE snapshots_flat;';
