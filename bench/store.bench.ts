/**
 * History store benchmark (never timed inside tests):
 * - write 1 million option rows (1,458 hourly snapshots of the recorded 686-option BTC chain) into
 *   DuckDB (target < 2 s; and, for the record, the worst case where no instrument repeats) and
 *   into PostgreSQL by COPY (target < 10 s; needs GEXMAP_PG_URL or a local postgresql-15, started
 *   and removed by scripts/postgres-test.sh);
 * - the regime backtest over a year of hourly BTC snapshots (8,760 × 686 ≈ 6 million rows) read
 *   from DuckDB (target < 10 s);
 * - a generated 162 MB Tardis options_chain day, plain and gzip, through DuckDB's scan (target
 *   ≥ 200 MB/s; the first read in a fresh process, of the built reader under plain node when
 *   dist/ is current as a user's command runs it, else of the sources through tsx; then the median
 *   of 3 after a warm-up) and the line reader.
 * `npm run bench:store` prints the figures; `-- --json` prints them as JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ChainSnapshot } from '../src/chain/types.js';
import { at } from '../src/core/at.js';
import { runBacktest } from '../src/history/backtest.js';
import { simulateGexHistory } from '../src/history/simulator.js';
import { summarizeSnapshot } from '../src/history/summary.js';
import { readDeribitDir } from '../src/sources/deribit/read.js';
import { readTardisOptionsChain } from '../src/sources/tardis/optionsChain.js';
import { DuckDbStore } from '../src/store/duckdb.js';
import { PostgresStore } from '../src/store/postgres.js';
import type { SnapshotRecord } from '../src/store/types.js';
import { builtIsCurrent, builtPath } from './support/built.js';
import { writeTardisFile } from './support/tardisFile.js';

const root = resolve(import.meta.dirname, '..');
const json = process.argv.includes('--json');
const base = await readDeribitDir(resolve(root, '../shared/data/deribit-btc-2025-11-19'));
const summary = summarizeSnapshot(base);

const WEEK = 7 * 24 * 3_600_000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** A Deribit option name with its date part set to `expiry` (BTC-26DEC25-100000-C). */
const renamed = (name: string, expiry: number) => {
  const d = new Date(expiry);
  const date = `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
  return name.replace(/-\d{1,2}[A-Z]{3}\d{2}-/, `-${date}-`);
};

/**
 * `n` hourly snapshots of the recorded chain, spot and forwards following a simulated path. As on
 * the venue, the listed instruments stay the same from hour to hour and roll a week at a time
 * (expiries and names move on weekly), so a year holds ~36,000 instruments. With `drift`, every
 * expiry moves with each snapshot instead: every row a new instrument, the worst case for the
 * DuckDB layout, which stores each instrument once.
 */
function* history(n: number, start: number, drift = false): Generator<SnapshotRecord> {
  const path = simulateGexHistory({ seed: 11, start, snapshots: n, spot0: base.spot });
  const names = new Map<number, string[]>();
  for (const p of path) {
    const k = p.spot / base.spot;
    const shift = drift ? p.asOf - base.asOf : Math.floor((p.asOf - start) / WEEK) * WEEK;
    const listed = names.get(shift) ?? base.options.map((o) => renamed(o.instrument, o.expiry + shift));
    names.set(shift, listed);
    const snapshot: ChainSnapshot = {
      ...base,
      asOf: p.asOf,
      spot: p.spot,
      options: base.options.map((o, i) => ({
        ...o,
        instrument: drift ? o.instrument : at(listed, i),
        forward: o.forward * k,
        expiry: o.expiry + shift,
      })),
    };
    const netGex = p.gamma * 1e8;
    yield {
      snapshot,
      summary: {
        ...summary,
        spot: p.spot,
        netGex,
        regime: netGex < 0 ? 'negative' : 'positive',
        nearestFlip: p.flip,
        flips: [p.flip],
        distanceToFlipPct: ((p.flip - p.spot) / p.spot) * 100,
      },
    };
  }
}

const figures: { step: string; rows: number; ms: number; target: string }[] = [];
const time = async <T>(fn: () => Promise<T>) => {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
};

const dir = mkdtempSync(join(tmpdir(), 'gexmap-bench-'));
const SNAPS_1M = Math.ceil(1_000_000 / base.options.length);
const records = [...history(SNAPS_1M, Date.UTC(2025, 0, 1))];
const rows1m = records.reduce((n, r) => n + r.snapshot.options.length, 0);
try {
  // DuckDB: 1 M rows into a fresh file; a small warm-up write first (JIT), then the median of 3 runs.
  const warm = await DuckDbStore.open(join(dir, 'warm.duckdb'));
  await warm.writeSnapshots(records.slice(0, 50));
  await warm.close();
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const duck = await DuckDbStore.open(join(dir, `bench-${run}.duckdb`));
    runs.push((await time(() => duck.writeSnapshots(records))).ms);
    await duck.close();
  }
  runs.sort((a, b) => a - b);
  figures.push({
    step: `duckdb write ${SNAPS_1M} snapshots (median of 3)`,
    rows: rows1m,
    ms: at(runs, 1),
    target: '< 2000 ms',
  });
  const worst = await DuckDbStore.open(join(dir, 'worst.duckdb'));
  const drifting = [...history(SNAPS_1M, Date.UTC(2025, 0, 1), true)];
  figures.push({
    step: 'duckdb write, every row a new instrument',
    rows: rows1m,
    ms: (await time(() => worst.writeSnapshots(drifting))).ms,
    target: '— (worst case)',
  });
  await worst.close();

  // PostgreSQL: 1 M rows by COPY
  let pgUrl = process.env.GEXMAP_PG_URL;
  let pgDir: string | undefined;
  if (!pgUrl) {
    try {
      const out = execFileSync('bash', [join(root, 'scripts/postgres-test.sh'), 'start'], { encoding: 'utf8' });
      pgUrl = /^GEXMAP_PG_URL=(.+)$/m.exec(out)?.[1];
      pgDir = /^GEXMAP_PG_DIR=(.+)$/m.exec(out)?.[1];
    } catch (e) {
      console.error(`PostgreSQL not available: ${(e as Error).message}`);
    }
  }
  if (pgUrl) {
    try {
      const pg = await PostgresStore.open(pgUrl);
      await pg.sql.unsafe('TRUNCATE snapshots, option_rows');
      const p = await time(() => pg.writeSnapshots(records));
      await pg.close();
      figures.push({ step: `postgres COPY ${SNAPS_1M} snapshots`, rows: rows1m, ms: p.ms, target: '< 10000 ms' });
    } finally {
      if (pgDir) execFileSync('bash', [join(root, 'scripts/postgres-test.sh'), 'stop', pgDir]);
    }
  }

  // a year of hourly snapshots, then the backtest read from the store
  const year = await DuckDbStore.open(join(dir, 'year.duckdb'));
  const w = await time(() => year.writeSnapshots(history(365 * 24, Date.UTC(2024, 0, 1))));
  const stored = Number(at(await year.sql('SELECT count(*) AS n FROM option_rows'), 0).n);
  figures.push({ step: 'duckdb write a year of hourly snapshots (setup)', rows: stored, ms: w.ms, target: '—' });
  const b = await time(async () => runBacktest(await year.readSummaries({ underlying: 'BTC' }), { horizonHours: 24 }));
  await year.close();
  figures.push({
    step: `backtest ${b.value.snapshots} snapshots, 24 h horizon`,
    rows: stored,
    ms: b.ms,
    target: '< 10000 ms',
  });

  // A Tardis options_chain day, plain and gzip, through DuckDB's scan: first each file once in a
  // fresh process (what a one-off import pays: DuckDB's load, its instance, the first query's
  // planning, the JIT), then here, after a warm-up read of a 10 MB day (both forms), the median of
  // 3 with the range; the line-by-line reader once, for comparison.
  const tardis = join(dir, 'deribit_options_chain.csv');
  const { bytes, rows: tardisRows } = writeTardisFile(tardis, base, 200);
  const tardisGz = `${tardis}.gz`;
  writeFileSync(tardisGz, gzipSync(readFileSync(tardis), { level: 6 }));
  const mb = (bytes / 1e6).toFixed(0);
  const rate = (ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(0);
  const drain = async (path: string, scanner: 'auto' | 'lines') => {
    let snapshots = 0;
    for await (const _ of readTardisOptionsChain(path, { scanner })) snapshots++;
    return snapshots;
  };
  const forms = [
    ['plain', tardis],
    ['gzip', tardisGz],
  ] as const;
  // the built reader under plain node when dist/ is current, as a user's command runs; else the
  // sources through this process's loader flags (tsx compiles each module on first import)
  const firstReadScript = join(root, 'bench/support/tardisFirstRead.mjs');
  const BUILT_READER = 'sources/tardis/optionsChain.js';
  const firstRead = builtIsCurrent(BUILT_READER)
    ? { runner: 'built', argv: [firstReadScript, builtPath(BUILT_READER)] }
    : { runner: 'tsx', argv: [...process.execArgv, firstReadScript, join(root, 'src/sources/tardis/optionsChain.ts')] };
  for (const [label, path] of forms) {
    const out = execFileSync(process.execPath, [...firstRead.argv, path], { encoding: 'utf8' });
    // the figure is the last line (a flag may print too)
    const first = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { ms: number; snapshots: number };
    figures.push({
      step: `tardis ${mb} MB, DuckDB scan, ${label}, first read in a fresh process (${firstRead.runner}): ${rate(first.ms)} MB/s (${first.snapshots} snapshots)`,
      rows: tardisRows,
      ms: first.ms,
      target: '—',
    });
  }
  const warmUp = join(dir, 'warm-up_options_chain.csv');
  writeTardisFile(warmUp, base, 10);
  writeFileSync(`${warmUp}.gz`, gzipSync(readFileSync(warmUp), { level: 6 }));
  await drain(warmUp, 'auto');
  await drain(`${warmUp}.gz`, 'auto');
  for (const [label, path] of forms) {
    const runs: { ms: number; snapshots: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const t = await time(() => drain(path, 'auto'));
      runs.push({ ms: t.ms, snapshots: t.value });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const median = at(runs, 1);
    figures.push({
      step: `tardis ${mb} MB, DuckDB scan, ${label} (median of 3): ${rate(median.ms)} MB/s, ${rate(at(runs, 2).ms)}–${rate(at(runs, 0).ms)} (${median.snapshots} snapshots)`,
      rows: tardisRows,
      ms: median.ms,
      target: '≥ 200 MB/s',
    });
  }
  const lines = await time(() => drain(tardis, 'lines'));
  figures.push({
    step: `tardis ${mb} MB, line reader, plain: ${rate(lines.ms)} MB/s (${lines.value} snapshots)`,
    rows: tardisRows,
    ms: lines.ms,
    target: '—',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (json) console.log(JSON.stringify(figures));
else
  for (const f of figures)
    console.log(
      `${f.step.padEnd(52)} ${String(f.rows).padStart(9)} rows ${f.ms.toFixed(0).padStart(7)} ms  target ${f.target}`,
    );
