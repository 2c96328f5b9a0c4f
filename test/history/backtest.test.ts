import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { bucketOf, outcomes, runBacktest } from '../../src/history/backtest.js';
import { runRecorder, venueTargets } from '../../src/history/recorder.js';
import { simulatedRecords } from '../../src/history/simulator.js';
import { renderBacktestText } from '../../src/report/backtestText.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import type { SnapshotRecord, SummaryPoint } from '../../src/store/types.js';
import { FAST_BACKOFF } from '../sources/deribitLive/helpers.js';
import { recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gexmap-bt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pointsOf = (recs: SnapshotRecord[]): SummaryPoint[] =>
  recs.map((r) => ({
    venue: r.snapshot.venue,
    underlying: r.snapshot.underlying,
    asOf: r.snapshot.asOf,
    ...r.summary,
  }));
const START = Date.UTC(2025, 0, 1);

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

describe('backtest on the simulator (dealer hedging feeds back into price)', () => {
  const feedback = pointsOf(simulatedRecords({ seed: 7, start: START, snapshots: 24 * 60, impact: 0.6 }));
  const noFeedback = pointsOf(simulatedRecords({ seed: 7, start: START, snapshots: 24 * 60, impact: 0 }));

  it('finds higher realised vol after −GEX snapshots than after +GEX ones, the interval of the difference above 0', () => {
    const r = runBacktest(feedback, { horizonHours: 24, resamples: 500 });
    const [pos, neg] = r.byRegime;
    expect(pos!.group).toBe('+GEX');
    expect(neg!.group).toBe('−GEX');
    expect(neg!.meanVol).toBeGreaterThan(pos!.meanVol);
    expect(neg!.meanAbsReturnPct).toBeGreaterThan(pos!.meanAbsReturnPct);
    expect(r.negMinusPosVol!.ci[0]).toBeGreaterThan(0);
    expect(pos!.count + neg!.count).toBe(r.evaluated);
  });

  it('finds no difference it can tell from noise when the feedback is switched off, and vol near the shocks’ 60 %', () => {
    const r = runBacktest(noFeedback, { horizonHours: 24, resamples: 500 });
    expect(r.negMinusPosVol!.ci[0]).toBeLessThan(0);
    expect(r.negMinusPosVol!.ci[1]).toBeGreaterThan(0);
    for (const g of r.byRegime) {
      expect(g.meanVol).toBeGreaterThan(0.55);
      expect(g.meanVol).toBeLessThan(0.65);
    }
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const a = runBacktest(feedback, { horizonHours: 24, resamples: 200, seed: 3 });
    const b = runBacktest(feedback, { horizonHours: 24, resamples: 200, seed: 3 });
    const c = runBacktest(feedback, { horizonHours: 24, resamples: 200, seed: 4 });
    expect(a).toEqual(b);
    expect(c.byRegime[0]!.volCi).not.toEqual(a.byRegime[0]!.volCi);
  });

  it('computes realised vol from the stored spots over the horizon, annualised, and skips windows the history does not cover', () => {
    const pts: SummaryPoint[] = [100, 101, 99, 100, 102].map((spot, i) => ({
      ...feedback[0]!,
      asOf: START + i * 3_600_000,
      spot,
    }));
    const out = outcomes(pts, { horizonHours: 3 });
    expect(out.map((o) => o.asOf)).toEqual([START, START + 3_600_000]);
    const r = [101 / 100, 99 / 101, 100 / 99].map((x) => Math.log(x));
    const expected = Math.sqrt((r.reduce((s, x) => s + x * x, 0) * 365 * 24) / 3);
    expect(out[0]!.realisedVol).toBeCloseTo(expected, 12);
    expect(out[0]!.absReturnPct).toBeCloseTo(0, 12);
    expect(bucketOf(-0.4)).toBe('< 1 %');
    expect(bucketOf(7)).toBe('5–10 %');
    expect(bucketOf(null)).toBe('no flip');
  });

  it('gexmap backtest reads the store and prints the table, JSON and an SVG chart', async () => {
    const db = join(dir, 'sim.duckdb');
    const store = await DuckDbStore.open(db);
    await store.writeSnapshots(simulatedRecords({ seed: 7, start: START, snapshots: 24 * 20, impact: 0.6 }));
    await store.close();
    const text = await cli(['backtest', '--db', db, '--horizon', '24h', '--resamples', '200']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('by regime');
    expect(text.stdout).toMatch(/−GEX\s+\d+\s+\d/);
    const svg = join(dir, 'bt.svg');
    const json = await cli(['backtest', '--db', db, '--horizon', '1d', '--json', '--resamples', '200', '--svg', svg]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.horizonHours).toBe(24);
    expect(parsed.evaluated).toBeGreaterThan(400);
    // the text fits the terminal: columns dropped (and said so), rows never wrapped, prose wrapped
    for (const w of [40, 60, 100]) {
      const fitted = renderBacktestText(parsed, w);
      expect(fitted.split('\n').filter((l) => [...l].length > w)).toEqual([]);
      expect(fitted).toMatch(/^−GEX\s+\d+/m);
    }
    expect(renderBacktestText(parsed, 40)).toContain('(40 columns: |return| % (95 % CI) not');
    expect(renderBacktestText(parsed, 100)).not.toContain('not shown');
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*Realised vol over the next 24 h/);
    const missing = await cli(['backtest', '--db', join(dir, 'missing.duckdb')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
    const bad = await cli(['backtest', '--db', db, '--resamples', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--resamples many must be an integer of at least 100');
  });
});

describe('backtest on recorded real snapshots', () => {
  it('evaluates the recorded Deribit chain as the venue moves, regime from its real GEX', async () => {
    const replay = await startDeribitReplay({ markets: [recordedBtcMarket()] });
    const store = await DuckDbStore.open(':memory:');
    try {
      for (let i = 0; i < 8; i++) {
        const signal = new AbortController().signal;
        await runRecorder({
          store,
          targets: venueTargets(['deribit'], ['BTC'], {
            signal,
            baseUrl: () => replay.baseUrl,
            http: { backoff: FAST_BACKOFF, retries: 1, rateLimit: { perSecond: 10_000, burst: 10_000 } },
          }),
          everyMs: 1,
          rounds: 1,
          signal,
          log: () => {},
        });
        replay.tick({ advanceMs: 3_600_000, trades: 0 });
      }
      const points = await store.readSummaries();
      expect(points).toHaveLength(8);
      const r = runBacktest(points, { horizonHours: 3, resamples: 200 });
      expect(r.evaluated).toBe(5);
      const neg = r.byRegime.find((g) => g.group === '−GEX')!;
      expect(neg.count + r.byRegime.find((g) => g.group === '+GEX')!.count).toBe(5);
      // the recorded chain of 2025-11-19 is in −GEX at spot (−144 M USD per 1 %)
      expect(points[0]!.regime).toBe('negative');
      expect(neg.count).toBeGreaterThan(0);
    } finally {
      await store.close();
      await replay.close();
    }
  });
});
