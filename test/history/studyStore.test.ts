import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { expiryPins, PINS_TIME_ZONE } from '../../src/history/study/pinning.js';
import { summarizeSnapshot } from '../../src/history/summary.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { withScratchPostgres } from '../store/pg.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

// Six of the real SPX downloads against the real daily OHLC: where the study reads its pinning from.
const OHLC = resolve(SPX_HISTORY_DIR, 'spx_daily_ohlc.csv');
const FILES = SPX_HISTORY_FILES.slice(0, 6).map((x) => join(SPX_HISTORY_DIR, x.file));
const STUDY = ['--prices', OHLC, '--json', '--resamples', '200', '--seed', '3'];

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

async function study(db: string): Promise<string> {
  const out = await cli(['study', '--db', db, ...STUDY]);
  expect(out.code, out.stderr).toBe(0);
  return out.stdout;
}

const dir = mkdtempSync(join(tmpdir(), 'gexmap-study-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const imported = join(dir, 'imported.duckdb');
let importedStudy = '';

beforeAll(async () => {
  const out = await cli(['import', '--db', imported, ...FILES.flatMap((f) => ['--cboe', f])]);
  expect(out.code, out.stderr).toBe(0);
  importedStudy = await study(imported);
}, 180_000);

describe('the pins stored with each snapshot', () => {
  it('are the pin levels of every expiry date of the chain, dated in New York, written by gexmap import', async () => {
    const store = await DuckDbStore.open(imported, { readOnly: true });
    try {
      const pins = await store.readPins();
      expect(pins).toHaveLength(FILES.length);
      for (const [i, file] of FILES.entries()) {
        const chain = await readCboeFile(file);
        expect(pins[i]?.asOf).toBe(chain.asOf);
        expect(pins[i]?.pins).toEqual(expiryPins(chain, PINS_TIME_ZONE));
      }
    } finally {
      await store.close();
    }
  });

  it('give the pinning table: the study has one for the imported chains, with every session placed', () => {
    const json = JSON.parse(importedStudy);
    expect(json.pinning.distances).toHaveLength(FILES.length);
    expect(json.excluded.pinningNoChain).toBe(0);
  });
});

describe('a store written before the pins existed', () => {
  const older = join(dir, 'older.duckdb');

  beforeAll(async () => {
    // the same snapshots stored without pins, then the column removed: a file of the layout before
    const store = await DuckDbStore.open(older);
    try {
      for (const file of FILES) {
        const snapshot = await readCboeFile(file);
        await store.writeSnapshot({ snapshot, summary: summarizeSnapshot(snapshot) });
      }
      await store.sql('ALTER TABLE snapshots DROP COLUMN pins');
    } finally {
      await store.close();
    }
  }, 180_000);

  it('is studied read-only with the pins computed from its rows: the same JSON as the imported store', async () => {
    const store = await DuckDbStore.open(older, { readOnly: true });
    try {
      expect((await store.readPins()).map((p) => p.pins)).toEqual(FILES.map(() => null));
    } finally {
      await store.close();
    }
    expect(await study(older)).toBe(importedStudy);
  });

  it('gets its pins from its rows once on the next gexmap import, which says so, and studies the same', async () => {
    const out = await cli(['import', '--db', older, '--cboe', FILES[0] as string]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('0 stored, 1 already stored (nothing new)');
    expect(out.stdout).toContain(
      `computed the pinning levels of ${FILES.length} snapshot(s) stored before without them, from their rows`,
    );
    const again = await cli(['import', '--db', older, '--cboe', FILES[0] as string]);
    expect(again.stdout).not.toContain('pinning levels');
    const [mine, theirs] = [
      await DuckDbStore.open(older, { readOnly: true }),
      await DuckDbStore.open(imported, { readOnly: true }),
    ];
    try {
      expect(await mine.readPins()).toEqual(await theirs.readPins());
    } finally {
      await mine.close();
      await theirs.close();
    }
    expect(await study(older)).toBe(importedStudy);
  }, 120_000);
});

describe('gexmap study --db postgres://…', () => {
  it('prints the same JSON as the DuckDB study of the same real chains', async () => {
    await withScratchPostgres('study_cli', async (store, url) => {
      const out = await cli(['import', '--db', url, ...FILES.flatMap((f) => ['--cboe', f])]);
      expect(out.code, out.stderr).toBe(0);
      expect((await store.readPins()).every((p) => p.pins !== null)).toBe(true);
      expect(await study(url)).toBe(importedStudy);
    });
  }, 180_000);
});
