import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { liveMetricsFor } from '../../src/analytics/live.js';
import { toColumnar } from '../../src/chain/columnar.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { renderImportSummary } from '../../src/cli/importSummary.js';
import { loadChain } from '../../src/cli/loadChain.js';
import { runCli } from '../../src/cli/main.js';
import { terminalOutput } from '../../src/cli/terminal.js';
import { runStudy } from '../../src/history/study/study.js';
import { summarizeSnapshot } from '../../src/history/summary.js';
import { renderHistoryText } from '../../src/report/historyText.js';
import { renderLiveFrame } from '../../src/report/liveView.js';
import { renderStudyText } from '../../src/report/studyText.js';
import { renderTextReport } from '../../src/report/textReport.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readPricesFile } from '../../src/sources/prices/read.js';
import type { SummaryPoint } from '../../src/store/types.js';
import { CBOE_SPX_FILE, DATA_DIR, DERIBIT_BTC_DIR } from '../golden/paths.js';

const WIDTHS = [40, 60, 80, 100, 160] as const;
const CHAINS = { 'cboe-spx': ['--cboe', CBOE_SPX_FILE], 'deribit-btc': ['--deribit-dir', DERIBIT_BTC_DIR] } as const;
/** An ANSI escape (CSI) anywhere in the text. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

const columns = (line: string) => [...line].length;
/** The lines of `text` wider than `width`: there must be none. */
const tooWide = (text: string, width: number) => text.split('\n').filter((l) => columns(l) > width);

async function cli(args: string[], width: number, color = false): Promise<string> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), color, width };
  expect(await runCli(args, io), err).toBe(0);
  return out;
}

describe('every text output fits COLUMNS on both recorded chains', () => {
  describe.each(Object.entries(CHAINS))('%s', (_, chain) => {
    it.each(WIDTHS)('report (GEX, strike table, charts, mechanics, playbook, conventions) at %i columns', async (w) => {
      const text = await cli(['report', ...chain], w);
      expect(tooWide(text, w)).toEqual([]);
      // the sections are all still there, the strike table with its strike and net GEX columns
      for (const part of ['Net GEX at spot', 'Regime', 'Hedge flows', 'Playbook', 'Conventions', '◀ spot'])
        expect(text).toContain(part);
      expect(text).toMatch(/│ +strike │.*net GEX/);
    });

    it.each(WIDTHS)('levels table at %i columns', async (w) => {
      const text = await cli(['levels', ...chain], w);
      expect(tooWide(text, w)).toEqual([]);
      expect(text).toMatch(/^ +price {2}/m);
      expect(text).toMatch(/spot [\d,.]+$/m);
    });
  });

  it('drops the least needed columns of a table and says which in one line, never a wrapped row', async () => {
    const narrow = await cli(['report', ...CHAINS['cboe-spx']], 40);
    expect(narrow.replace(/\n +/g, ' ')).toContain('(40 columns: put OI, call OI, put GEX, level tags not shown)');
    expect(narrow).not.toMatch(/│ +call OI/);
    // call GEX, dropped on the way, fits again once the level tags are gone
    expect(narrow).toMatch(/│ +strike │ +call GEX │ +net GEX │\n/);
    // each row of the strike table is one line: the 25 strikes
    expect(
      narrow.split('\n').filter((l) => /^│ +[\d,]+ │ +[−\d.]+ [kMbn]+ │ +[−\d.]+ [kMbn]* +│$/.test(l)),
    ).toHaveLength(25);
    const wide = await cli(['report', ...CHAINS['cboe-spx']], 160);
    expect(wide).toMatch(/│ +strike │ +call OI │ +put OI │ +call GEX │ +put GEX │ +net GEX │/);
    expect(wide).not.toContain('not shown)');
  });

  it('keeps the regime line short and its meaning on the next line', async () => {
    const text = await cli(['report', ...CHAINS['cboe-spx']], 100);
    expect(text).toMatch(/\nRegime {11}NEGATIVE\n {17}dealers short gamma/);
  });

  describe('watch frames', () => {
    let chains: ChainSnapshot[];
    beforeAll(async () => {
      chains = [await loadChain({ cboe: CBOE_SPX_FILE }), await loadChain({ deribitDir: DERIBIT_BTC_DIR })];
    });
    it.each(WIDTHS)('at %i columns', (w) => {
      for (const snap of chains) {
        const text = renderLiveFrame({
          title: `${snap.venue} ${snap.underlying}`,
          metrics: liveMetricsFor(toColumnar(snap, snap.options), { positioning: { model: 'classic' } }),
          status: {
            stale: false,
            staleSince: null,
            staleReason: null,
            notifications: 3,
            reconnects: 0,
            protocolErrors: 0,
          },
          now: snap.asOf,
          positioning: 'classic',
          view: 'all expiries',
          rows: 15,
          color: false,
          frame: 1,
          width: w,
        });
        expect(tooWide(text, w)).toEqual([]);
        expect(text).toContain('◀ spot');
      }
    });
  });

  describe('history and study over real SPX snapshots and SPX daily bars', () => {
    const HISTORY = resolve(DATA_DIR, 'cboe-spx-history');
    let spx: SummaryPoint[];
    let btc: SummaryPoint[];
    beforeAll(async () => {
      const point = (s: ChainSnapshot): SummaryPoint => ({
        venue: s.venue,
        underlying: s.underlying,
        asOf: s.asOf,
        ...summarizeSnapshot(s),
      });
      const files = readdirSync(HISTORY)
        .filter((f) => f.startsWith('spx_quotedata_2023'))
        .sort()
        .slice(0, 6);
      spx = (await Promise.all(files.map((f) => readCboeFile(resolve(HISTORY, f))))).map(point);
      btc = [point(await loadChain({ deribitDir: DERIBIT_BTC_DIR }))];
    });

    it.each(WIDTHS)('history (charts and table) at %i columns', (w) => {
      for (const points of [spx, btc]) {
        const text = renderHistoryText(points, { rows: 24, color: false, width: w });
        expect(tooWide(text, w)).toEqual([]);
        expect(text).toMatch(/asOf \(UTC\)/);
      }
    });

    it.each(WIDTHS)(
      'study at %i columns: the prose fits, a table too wide for one measure is the only exception',
      async (w) => {
        const prices = await readPricesFile(resolve(HISTORY, 'spx_daily_ohlc.csv'));
        const text = renderStudyText(runStudy(spx, prices, { seed: 1, resamples: 200 }), w);
        // a table row at its narrowest is the group, its count and one measure's cell
        const rows = /^(group|[+−]GEX|\d: |\S+ %|all)/;
        const wide = tooWide(text, w);
        for (const line of wide) expect(line).toMatch(rows);
        if (w >= 80) expect(wide).toEqual([]);
        expect(text).toContain('What these numbers can');
      },
    );
  });

  it.each(WIDTHS)('import summary at %i columns', (w) => {
    const long = `${'x'.repeat(70)}.csv`;
    const text = renderImportSummary(
      {
        stored: 1,
        existing: 2,
        refused: [
          { file: long, error: 'line 4: column Strike: "abc" is not a number, and the row is not a chain row' },
        ],
        skipped: [{ file: 'notes.txt', reason: 'not a CBOE, Deribit or CSV chain file' }],
        snapshots: [],
        pinsFilled: 3,
      },
      w,
    );
    // a file name longer than the terminal is the one word that cannot be broken
    for (const line of tooWide(text, w)) expect(line.trim()).toBe(long);
    expect(text).toContain('refused');
  });
});

describe('the executable', () => {
  it('reads COLUMNS and NO_COLOR from the environment when its output is a pipe', () => {
    const root = resolve(import.meta.dirname, '../..');
    const r = spawnSync(
      resolve(root, 'node_modules/.bin/tsx'),
      ['src/cli/bin.ts', 'levels', '--deribit-dir', DERIBIT_BTC_DIR],
      { cwd: root, encoding: 'utf8', env: { ...process.env, COLUMNS: '50', NO_COLOR: '1', FORCE_COLOR: '1' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(tooWide(r.stdout, 50)).toEqual([]);
    expect(r.stdout).toContain('(50 columns:');
    expect(r.stdout).not.toMatch(ANSI);
  }, 60_000);
});

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR and the terminal, and COLUMNS over the terminal width', () => {
    const tty = { isTTY: true, columns: 120 };
    expect(terminalOutput({ env: {}, ...tty })).toEqual({ color: true, width: 120 });
    expect(terminalOutput({ env: { NO_COLOR: '1' }, ...tty })).toEqual({ color: false, width: 120 });
    expect(terminalOutput({ env: { NO_COLOR: '1', FORCE_COLOR: '1' }, ...tty }).color).toBe(false);
    expect(terminalOutput({ env: {}, isTTY: false })).toEqual({ color: false, width: 100 });
    expect(terminalOutput({ env: { FORCE_COLOR: '1' }, isTTY: false }).color).toBe(true);
    expect(terminalOutput({ env: { FORCE_COLOR: '0' }, isTTY: false }).color).toBe(false);
    expect(terminalOutput({ env: { COLUMNS: '60' }, ...tty }).width).toBe(60);
    expect(terminalOutput({ env: { COLUMNS: '60' }, isTTY: false }).width).toBe(60);
    expect(terminalOutput({ env: { COLUMNS: 'wide' }, isTTY: false }).width).toBe(100);
  });

  it('prints no escape without colour, and colours the report and levels with it', async () => {
    for (const args of [
      ['report', ...CHAINS['deribit-btc']],
      ['levels', ...CHAINS['deribit-btc']],
    ]) {
      expect(await cli(args, 80, false)).not.toMatch(ANSI);
    }
    expect(await cli(['report', ...CHAINS['deribit-btc']], 80, true)).toMatch(ANSI);
  });

  it('renders from the library with no options (25 strikes, no colour, 100 columns)', async () => {
    const text = renderTextReport(buildGexReport(await readCboeFile(CBOE_SPX_FILE)));
    expect(text).not.toMatch(ANSI);
    expect(tooWide(text, 100)).toEqual([]);
    expect(text).toContain('Conventions');
  });
});
