import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { runRecorder, venueTargets } from '../../src/history/recorder.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import type { SnapshotStore } from '../../src/store/types.js';
import { FAST_BACKOFF, freshSnapshot, waitFor } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { seededRandom } from '../support/syntheticChain.js';

const root = resolve(import.meta.dirname, '../..');
const FAST_HTTP = {
  backoff: FAST_BACKOFF,
  retries: 1,
  timeoutMs: 2000,
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};

/** Deribit BTC from the replay server, requests stopped by `signal`. */
const deribitBtc = (signal: AbortSignal) =>
  venueTargets(['deribit'], ['BTC'], { signal, baseUrl: () => replay.baseUrl, http: FAST_HTTP });

const withSignal = (signal: AbortSignal) => ({ signal, targets: deribitBtc(signal) });

let replay: DeribitReplay;
let dir: string;
beforeAll(async () => {
  replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
  dir = mkdtempSync(join(tmpdir(), 'gexmap-rec-'));
});
afterAll(async () => {
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => replay.clearFaults());

/** Every stored snapshot is whole: its option rows are all there, and no row lacks its snapshot. */
async function expectWholeSnapshots(store: SnapshotStore): Promise<number[]> {
  const list = await store.listSnapshots();
  const rows = await store.countOptionRows();
  expect(rows).toBe(list.reduce((n, s) => n + s.options, 0));
  return list.map((s) => s.asOf);
}

describe('recorder (in process)', () => {
  it('stores the snapshot the venue serves, with its summary, and counts a repeated asOf as unchanged', async () => {
    const store = await DuckDbStore.open(':memory:');
    const lines: string[] = [];
    const stats = await runRecorder({
      store,
      everyMs: 10,
      rounds: 2,
      ...withSignal(new AbortController().signal),
      log: (l) => lines.push(l),
    });
    expect(stats).toMatchObject({ rounds: 2, written: 1, unchanged: 1, fetchErrors: 0 });
    const fresh = await freshSnapshot(replay);
    const stored = await store.readSnapshot(fresh);
    expect(stored!.options.length).toBe(fresh.options.length);
    expect(stored!.spot).toBe(fresh.spot);
    const [summary] = await store.readSummaries();
    expect(summary!.regime).toBe(summary!.netGex < 0 ? 'negative' : 'positive');
    expect(lines.some((l) => l.startsWith('stored deribit BTC'))).toBe(true);
    await store.close();
  });

  it('survives venue failures: retries with backoff and records again once the venue answers', async () => {
    const store = await DuckDbStore.open(':memory:');
    replay.faults.httpMalformed = 6; // every request of the first rounds fails, retries included
    const lines: string[] = [];
    const stats = await runRecorder({
      store,
      everyMs: 10,
      rounds: 6,
      ...withSignal(new AbortController().signal),
      log: (l) => lines.push(l),
      backoff: { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 },
    });
    expect(stats.fetchErrors).toBeGreaterThan(0);
    expect(stats.written).toBe(1);
    expect(stats.emptyRounds).toBeGreaterThan(0);
    expect(stats.lastEmpty).toMatchObject({ cause: 'venue', detail: expect.stringMatching(/^deribit BTC: /) });
    expect(lines.some((l) => l.startsWith('retrying in'))).toBe(true);
    expect(await expectWholeSnapshots(store)).toHaveLength(1);
    await store.close();
  });

  it('counts a round whose snapshot the store refused as one that stored nothing, naming the store', async () => {
    const store = await DuckDbStore.open(':memory:');
    await store.close();
    const stats = await runRecorder({
      store,
      everyMs: 10,
      rounds: 1,
      ...withSignal(new AbortController().signal),
      log: () => {},
    });
    expect(stats).toMatchObject({ rounds: 1, written: 0, storeErrors: 1, emptyRounds: 1, pending: 1 });
    expect(stats.lastEmpty?.cause).toBe('store');
  });

  it('abandons the snapshot in flight when stopped during a fetch and writes nothing of it', async () => {
    const store = await DuckDbStore.open(':memory:');
    replay.faults.slowMs = 2000;
    replay.faults.slowCount = 10;
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stop')), 100);
    const stats = await runRecorder({
      store,
      everyMs: 10,
      ...withSignal(stop.signal),
      log: () => {},
    });
    expect(stats.written).toBe(0);
    expect(await store.listSnapshots()).toEqual([]);
    await store.close();
  });
});

describe('gexmap record exit code', () => {
  const record = async (db: string) => {
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t: string) => (stderr += t), color: false };
    const args = ['record', '--venue', 'deribit', '--currency', 'BTC', '--base-url', replay.baseUrl];
    const code = await runCli([...args, '--rounds', '1', '--retries', '0', '--db', join(dir, db)], io);
    return { code, lines: stderr.trimEnd().split('\n') };
  };

  it('is 0 when the round stored its snapshot', async () => {
    expect((await record('ok.duckdb')).code).toBe(0);
  });

  it('is 3, with one closing line, when every venue failed and the round stored nothing', async () => {
    replay.faults.httpMalformed = 100;
    const { code, lines } = await record('failed.duckdb');
    expect(code).toBe(3);
    expect(lines.at(-1)).toMatch(
      /^gexmap: record: 1 of 1 round\(s\) stored nothing \(last: every venue failed, deribit BTC: /,
    );
    expect(lines.filter((l) => l.startsWith('gexmap:'))).toHaveLength(1);
  });
});

/**
 * One read (one consistent view of the file): per snapshot, stored rows vs its option count;
 * orphan rows (a snapshot id with no snapshot, listed as asOf −id) and rows whose instrument is missing.
 */
async function wholeInOneRead(store: DuckDbStore): Promise<number[]> {
  const rows = await store.sql(`
    SELECT s.as_of, s.option_count, coalesce(r.n, 0) AS n FROM snapshots s
    LEFT JOIN (SELECT snapshot_id, count(*) AS n FROM option_marks GROUP BY ALL) r ON r.snapshot_id = s.id
    UNION ALL
    SELECT -m.snapshot_id, 0, count(*) FROM option_marks m ANTI JOIN snapshots s ON s.id = m.snapshot_id GROUP BY m.snapshot_id
    UNION ALL
    SELECT -1, 0, count(*) FROM option_marks m ANTI JOIN instruments i ON i.id = m.instrument_id HAVING count(*) > 0
    ORDER BY 1`);
  for (const r of rows)
    expect({ asOf: Number(r.as_of), rows: Number(r.n) }).toEqual({
      asOf: Number(r.as_of),
      rows: Number(r.option_count),
    });
  return rows.map((r) => Number(r.as_of));
}

describe('recorder process: kill -9 at random points, restart, concurrent reader', () => {
  function startRecorder(db: string): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/bin.ts',
        'record',
        '--currency',
        'BTC',
        '--every',
        '150ms',
        '--db',
        db,
        '--base-url',
        replay.baseUrl,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return { child, stderr: () => stderr, exited };
  }
  const storedLines = (text: string) => text.split('\n').filter((l) => / stored deribit BTC /.test(l)).length;

  it('never leaves a half-written snapshot, loses nothing written, resumes, and readers see whole snapshots throughout', async () => {
    const db = join(dir, 'killed.duckdb');
    // the venue moves on every 40 ms, so each recorder round finds a new asOf
    const ticker = setInterval(() => replay.tick({ advanceMs: 60_000, trades: 0 }), 40);
    const random = seededRandom(6);
    const reader = await DuckDbStore.open(db, { lock: 'per-operation' }).then(async (s) => {
      await s.close();
      return DuckDbStore.open(db, { lock: 'per-operation', readOnly: true });
    });
    let seen: number[] = [];
    try {
      for (let run = 0; run < 4; run++) {
        const rec = startRecorder(db);
        // a child process compiles the CLI as it starts: give a loaded machine room (a liveness wait, not a bound)
        await waitFor(() => storedLines(rec.stderr()) >= 1 + (run % 2), `recorder run ${run} storing`, 60_000);
        // a few reads while it records: always whole snapshots, never fewer than before
        for (let i = 0; i < 3; i++) {
          const now = await wholeInOneRead(reader);
          expect(now).toEqual(expect.arrayContaining(seen));
          seen = now;
        }
        await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
        if (run < 3) {
          rec.child.kill('SIGKILL');
          await rec.exited;
        } else {
          rec.child.kill('SIGTERM');
          expect(await rec.exited).toBe(0);
          expect(rec.stderr()).toContain('recorder stopped');
        }
        const after = await wholeInOneRead(reader);
        expect(after).toEqual(expect.arrayContaining(seen));
        expect(after.length).toBeGreaterThan(run === 0 ? 0 : seen.length - 1);
        if (run > 0) expect(rec.stderr()).toMatch(/resuming deribit BTC: \d+ snapshots stored/);
        seen = after;
      }
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect(new Set(seen).size).toBe(seen.length);
    } finally {
      clearInterval(ticker);
      await reader.close();
    }
  }, 240_000);
});
