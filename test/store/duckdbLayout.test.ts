import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { recordOf } from '../../src/history/summary.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { SNAPSHOT_COLUMNS } from '../../src/store/rows.js';
import { testSnapshot } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'gexmap-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2025, 10, 30, 20);
const HOUR = 3_600_000;
let files = 0;
const newFile = () => join(dir, `h${files++}.duckdb`);

/** The same instruments at every hour (fixed expiries), as a recorder sees them. */
const hourly = (h: number): ChainSnapshot => {
  const s = testSnapshot(T0, h + 1);
  return { ...s, asOf: T0 + h * HOUR, options: s.options.map((o) => ({ ...o, openInterest: o.openInterest + h })) };
};

/** The first layout: snapshots without ids and one flat option_rows table. */
const FIRST_LAYOUT = `
CREATE TABLE snapshots (
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, as_of BIGINT NOT NULL,
  spot DOUBLE NOT NULL, source VARCHAR NOT NULL, model_kind VARCHAR NOT NULL, rate DOUBLE NOT NULL,
  dividend_yield DOUBLE, dropped VARCHAR NOT NULL, option_count INTEGER NOT NULL,
  net_gex DOUBLE NOT NULL, call_gex DOUBLE NOT NULL, put_gex DOUBLE NOT NULL, regime VARCHAR NOT NULL,
  flips VARCHAR NOT NULL, nearest_flip DOUBLE, distance_to_flip_pct DOUBLE, call_wall DOUBLE, put_wall DOUBLE,
  PRIMARY KEY (venue, underlying, as_of)
);
CREATE TABLE option_rows (
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, as_of BIGINT NOT NULL,
  instrument VARCHAR NOT NULL, expiry BIGINT NOT NULL, strike DOUBLE NOT NULL, option_type VARCHAR NOT NULL,
  open_interest DOUBLE NOT NULL, iv DOUBLE NOT NULL, forward DOUBLE NOT NULL, multiplier DOUBLE NOT NULL,
  mark_price DOUBLE
);`;

describe('DuckDB layout: instruments stored once, option rows as numbers', () => {
  it('stores each instrument once however many snapshots hold it, and option_rows shows the flat rows', async () => {
    const store = await DuckDbStore.open(newFile());
    const records = Array.from({ length: 6 }, (_, h) => recordOf(hourly(h)));
    await store.writeSnapshots(records.slice(0, 3));
    for (const r of records.slice(3)) await store.writeSnapshot(r);
    const [n] = await store.sql(
      'SELECT (SELECT count(*) FROM instruments) AS instruments, (SELECT count(*) FROM option_marks) AS marks, (SELECT count(*) FROM option_rows) AS flat',
    );
    expect({ instruments: Number(n!.instruments), marks: Number(n!.marks), flat: Number(n!.flat) }).toEqual({
      instruments: 4,
      marks: 24,
      flat: 24,
    });
    const flat = await store.sql(
      'SELECT instrument, open_interest FROM option_rows WHERE as_of = $1 ORDER BY instrument',
      [T0 + 5 * HOUR],
    );
    const want = [...records[5]!.snapshot.options].sort((a, b) => a.instrument.localeCompare(b.instrument));
    expect(flat.map((r) => [r.instrument, r.open_interest])).toEqual(want.map((o) => [o.instrument, o.openInterest]));
    await store.close();
  });

  it('gives new instruments fresh ids when another process wrote instruments in between (the file shared per operation)', async () => {
    const path = newFile();
    const a = await DuckDbStore.open(path, { lock: 'per-operation' });
    const b = await DuckDbStore.open(path, { lock: 'per-operation' });
    const renamed = (h: number, tag: string): ChainSnapshot => {
      const s = hourly(h);
      return { ...s, options: s.options.map((o) => ({ ...o, instrument: `${o.instrument}-${tag}` })) };
    };
    await a.writeSnapshot(recordOf(hourly(0)));
    await b.writeSnapshot(recordOf(renamed(1, 'b')));
    // a's copy of the instrument ids is stale now: its next instruments must not reuse b's ids
    const both: ChainSnapshot = { ...hourly(2), options: [...hourly(2).options, ...renamed(2, 'a').options] };
    expect(await a.writeSnapshot(recordOf(both))).toBe('written');
    expect(Number((await a.sql('SELECT count(*) AS n FROM instruments'))[0]!.n)).toBe(12);
    for (const [h, snap] of [
      [1, renamed(1, 'b')],
      [2, both],
    ] as const) {
      const back = await b.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + h * HOUR });
      const byName = (x: { instrument: string }, y: { instrument: string }) => x.instrument.localeCompare(y.instrument);
      expect([...back!.options].sort(byName)).toEqual([...snap.options].sort(byName));
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('forgets the instruments of a write that failed, so the next write stores them with the rows that use them', async () => {
    const store = await DuckDbStore.open(newFile());
    await store.writeSnapshot(recordOf(hourly(0)));
    const fresh = hourly(1).options.map((o) => ({ ...o, instrument: `${o.instrument}-new` }));
    const bad: ChainSnapshot = {
      ...hourly(1),
      options: [...fresh, { ...fresh[0]!, instrument: 'BAD', iv: Number.NaN }],
    };
    await expect(store.writeSnapshot({ ...recordOf(hourly(1)), snapshot: bad })).rejects.toThrow(
      /option row BAD: iv \(NaN\) must be a finite number/,
    );
    const good: ChainSnapshot = { ...hourly(1), options: fresh };
    expect(await store.writeSnapshot(recordOf(good))).toBe('written');
    const orphans = await store.sql(
      'SELECT count(*) AS n FROM option_marks m ANTI JOIN instruments i ON i.id = m.instrument_id',
    );
    expect(Number(orphans[0]!.n)).toBe(0);
    const back = await store.readSnapshot(good);
    expect(back!.options.map((o) => o.instrument).sort()).toEqual(fresh.map((o) => o.instrument).sort());
    await store.close();
  });

  it('refuses an option type other than C or P, naming the row', async () => {
    const store = await DuckDbStore.open(':memory:');
    const s = hourly(0);
    const bad = { ...s, options: [{ ...s.options[0]!, type: 'X' as 'C' }] };
    await expect(store.writeSnapshot({ ...recordOf(s), snapshot: bad })).rejects.toThrow(/type \(X\) must be C or P/);
    await store.close();
  });
});

describe('DuckDB layout: a file of the first layout', () => {
  /** A first-layout file holding what `records` would store. */
  async function firstLayoutFile(records: ReturnType<typeof recordOf>[]): Promise<string> {
    const current = newFile();
    const store = await DuckDbStore.open(current);
    await store.writeSnapshots(records);
    await store.close();
    const old = newFile();
    const instance = await DuckDBInstance.create(old);
    const c = await instance.connect();
    await c.run(FIRST_LAYOUT);
    await c.run(`ATTACH '${current}' AS cur (READ_ONLY)`);
    // the first layout predates the pins
    const columns = SNAPSHOT_COLUMNS.filter((col) => col !== 'pins');
    await c.run(`INSERT INTO snapshots SELECT ${columns.join(', ')} FROM cur.snapshots`);
    await c.run('INSERT INTO option_rows SELECT * EXCLUDE (ordinal) FROM cur.option_rows');
    await c.run('DETACH cur');
    c.closeSync();
    instance.closeSync();
    return old;
  }

  it('moves to the current layout when opened read-write, keeping every snapshot and row', async () => {
    const records = [recordOf(hourly(0)), recordOf(hourly(1)), recordOf(testSnapshot(T0, 3, { underlying: 'ETH' }))];
    const path = await firstLayoutFile(records);
    const store = await DuckDbStore.open(path);
    expect(await store.countOptionRows()).toBe(12);
    expect((await store.readSummaries()).map((s) => [s.underlying, s.asOf, s.netGex])).toEqual(
      records.map((r) => [r.snapshot.underlying, r.snapshot.asOf, r.summary.netGex]),
    );
    for (const r of records) {
      const back = await store.readSnapshot(r.snapshot);
      const byName = (x: { instrument: string }, y: { instrument: string }) => x.instrument.localeCompare(y.instrument);
      expect([...back!.options].sort(byName)).toEqual([...r.snapshot.options].sort(byName));
    }
    const [t] = await store.sql("SELECT table_type FROM information_schema.tables WHERE table_name = 'option_rows'");
    expect(t!.table_type).toBe('VIEW');
    // and it keeps recording
    expect(await store.writeSnapshot(recordOf(hourly(2)))).toBe('written');
    expect(Number((await store.sql('SELECT count(*) AS n FROM instruments'))[0]!.n)).toBe(8);
    await store.close();
  });

  it('refuses to open it read-only, saying how to move it', async () => {
    const path = await firstLayoutFile([recordOf(hourly(0))]);
    await expect(DuckDbStore.open(path, { readOnly: true })).rejects.toThrow(/first layout .*open it once read-write/);
  });
});
