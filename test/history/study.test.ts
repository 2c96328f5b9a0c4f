import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { runStudy, type StudyResult } from '../../src/history/study/study.js';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readPrices, readPricesFile } from '../../src/sources/prices/read.js';
import type { PriceSeries } from '../../src/sources/prices/types.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import type { SummaryPoint } from '../../src/store/types.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

// The 17 real CBOE SPX downloads of cboe-spx-history against the real SPX daily OHLC beside them.
const OHLC = resolve(SPX_HISTORY_DIR, 'spx_daily_ohlc.csv');

const dir = mkdtempSync(join(tmpdir(), 'gexmap-study-'));
const db = join(dir, 'spx.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let points: SummaryPoint[] = [];
const chains = new Map<number, ChainSnapshot>();
let study: StudyResult;
let prices: PriceSeries;

beforeAll(async () => {
  const store = await DuckDbStore.open(db);
  try {
    for (const { file } of SPX_HISTORY_FILES)
      await store.writeSnapshot(recordOf(await readCboeFile(resolve(SPX_HISTORY_DIR, file))));
    points = await store.readSummaries();
    for (const p of points) chains.set(p.asOf, (await store.readSnapshot(p)) as ChainSnapshot);
  } finally {
    await store.close();
  }
  prices = await readPricesFile(OHLC);
  study = runStudy(points, prices, { chains, resamples: 300, seed: 5 });
}, 180_000);

// ---- the independent calculation: plain formulas over the OHLC rows, split by hand ----

const SQRT_252 = Math.sqrt(252);
const ROWS = readFileSync(OHLC, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [date = '', o, h, l, c] = line.split(',');
    return { date, o: Number(o), h: Number(h), l: Number(l), c: Number(c) };
  });

/** US daylight time on `date`: from the second Sunday of March to the first Sunday of November (since 2007). */
function isSummer(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const sunday = (month: number, nth: number) => {
    const first = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + 7 * (nth - 1);
  };
  return (m > 3 && m < 11) || (m === 3 && d >= sunday(3, 2)) || (m === 11 && d < sunday(11, 1));
}

function nySessionOpen(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, isSummer(date) ? 13 : 14, 30);
}

/** The New York date of an instant away from the 2 a.m. switches (expiries are at 09:30 or 16:00). */
function nyDate(ms: number): string {
  const winter = new Date(ms - 5 * 3_600_000).toISOString().slice(0, 10);
  return new Date(ms - (isSummer(winter) ? 4 : 5) * 3_600_000).toISOString().slice(0, 10);
}

function expectedSession(p: SummaryPoint) {
  const j = ROWS.findIndex((r) => nySessionOpen(r.date) > p.asOf);
  const bar = ROWS[j]!;
  const prev = ROWS[j - 1]!;
  return {
    j,
    session: prev.date,
    nextSession: bar.date,
    close: bar.c,
    cc: Math.abs(Math.log(bar.c / prev.c)) * SQRT_252,
    parkinson: (Math.log(bar.h / bar.l) / Math.sqrt(4 * Math.log(2))) * SQRT_252,
    gk: Math.sqrt(0.5 * Math.log(bar.h / bar.l) ** 2 - (2 * Math.log(2) - 1) * Math.log(bar.c / bar.o) ** 2) * SQRT_252,
  };
}

const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('gexmap study on the 17 real SPX chains against the SPX daily OHLC', () => {
  it('stores 17 snapshots, each with a next session in the prices, none excluded', () => {
    expect(points).toHaveLength(17);
    expect(study.evaluated).toBe(17);
    expect(study.sessions).toHaveLength(17);
    expect(study.excluded.noNextSession).toBe(0);
    expect(study.excluded.noPreviousClose).toBe(0);
  });

  it('dates each snapshot in the session files.csv says it holds', () => {
    const byFile = new Map(SPX_HISTORY_FILES.map((f) => [f.file, f.session]));
    const sessions = [...chains.values()]
      .sort((a, b) => a.asOf - b.asOf)
      .map((c) => byFile.get(c.source.split('/').at(-1) as string));
    expect(study.sessions.map((s) => s.session)).toEqual(sessions);
  });

  it('gives every session the next session, regime, net GEX and vols of the independent calculation', () => {
    const sorted = [...points].sort((a, b) => a.asOf - b.asOf);
    for (const [i, p] of sorted.entries()) {
      const s = study.sessions[i]!;
      const e = expectedSession(p);
      const at = new Date(p.asOf).toISOString();
      expect(s.asOf, at).toBe(p.asOf);
      expect(s.nextSession, at).toBe(e.nextSession);
      expect(s.nextSessionOpen, at).toBe(nySessionOpen(e.nextSession));
      expect(s.regime, at).toBe(p.netGex < 0 ? 'negative' : 'positive');
      expect(s.netGex, at).toBe(p.netGex);
      expect(s.close, at).toBe(e.close);
      expect(close(s.rvCloseToClose!, e.cc), `${at} close-to-close`).toBe(true);
      expect(close(s.rvParkinson, e.parkinson), `${at} Parkinson`).toBe(true);
      expect(close(s.rvGarmanKlass, e.gk), `${at} Garman-Klass`).toBe(true);
      expect(s.rvFiveMinute).toBeNull();
    }
  });

  it('counts and averages each regime as the independent calculation does (12 +GEX, 5 −GEX)', () => {
    for (const regime of ['positive', 'negative'] as const) {
      const members = points.filter((p) => (p.netGex < 0 ? 'negative' : 'positive') === regime).map(expectedSession);
      const row = study.byRegime.find((r) => r.regime === regime)!;
      expect(row.count).toBe(members.length);
      expect(close(row.meanCloseToClose as number, avg(members.map((m) => m.cc)), 1e-12)).toBe(true);
      expect(close(row.meanParkinson as number, avg(members.map((m) => m.parkinson)), 1e-12)).toBe(true);
      expect(close(row.meanGarmanKlass as number, avg(members.map((m) => m.gk)), 1e-12)).toBe(true);
      const [lo, hi] = row.ciCloseToClose as [number, number];
      expect(lo).toBeLessThanOrEqual(row.meanCloseToClose as number);
      expect(hi).toBeGreaterThanOrEqual(row.meanCloseToClose as number);
    }
    expect(study.byRegime.map((r) => r.count)).toEqual([12, 5]);
    const neg = study.byRegime[1]!;
    const pos = study.byRegime[0]!;
    expect(study.negMinusPos.closeToClose!.value).toBeCloseTo(
      (neg.meanCloseToClose as number) - (pos.meanCloseToClose as number),
      14,
    );
  });

  it('splits the 17 sessions into net-GEX terciles of 6, 6 and 5 by rank, and into the backtest’s flip-distance buckets', () => {
    const ranked = [...points].sort((a, b) => a.netGex - b.netGex);
    const terciles = [ranked.slice(0, 6), ranked.slice(6, 12), ranked.slice(12)];
    expect(study.byNetGexQuantile.map((g) => [g.quantile, g.of, g.count])).toEqual([
      [1, 3, 6],
      [2, 3, 6],
      [3, 3, 5],
    ]);
    for (const [k, members] of terciles.entries()) {
      const row = study.byNetGexQuantile[k]!;
      expect(row.netGexFrom).toBe(members[0]!.netGex);
      expect(row.netGexTo).toBe(members.at(-1)!.netGex);
      expect(close(row.meanParkinson as number, avg(members.map((p) => expectedSession(p).parkinson)))).toBe(true);
    }
    const bucket = (d: number | null) =>
      d === null
        ? 'no flip'
        : Math.abs(d) < 1
          ? '< 1 %'
          : Math.abs(d) < 2.5
            ? '1–2.5 %'
            : Math.abs(d) < 5
              ? '2.5–5 %'
              : Math.abs(d) < 10
                ? '5–10 %'
                : '≥ 10 %';
    for (const row of study.byDistance) {
      const members = points.filter((p) => bucket(p.distanceToFlipPct) === row.group);
      expect(row.count, row.group).toBe(members.length);
      expect(close(row.meanCloseToClose as number, avg(members.map((p) => expectedSession(p).cc))), row.group).toBe(
        true,
      );
    }
    expect(study.byDistance.reduce((a, r) => a + r.count, 0)).toBe(17);
  });

  it('fits the HAR control so that its residuals are orthogonal to regressors built independently from the OHLC rows', () => {
    const har = study.har;
    expect(har.n).toBe(17);
    expect(har.lag).toBe(2);
    const c = har.coefficients!;
    const a = (k: number) => Math.abs(Math.log(ROWS[k]!.c / ROWS[k - 1]!.c)) * SQRT_252;
    const mean = (from: number, to: number) => avg(Array.from({ length: to - from + 1 }, (_, i) => a(from + i)));
    const rows = points.map((p) => {
      const { j, cc } = expectedSession(p);
      const x = [1, a(j - 1), mean(j - 5, j - 1), mean(j - 22, j - 1), p.netGex < 0 ? 1 : 0];
      const fit =
        c.intercept * x[0]! +
        c.daily * x[1]! +
        c.weekly * x[2]! +
        c.monthly * x[3]! +
        har.negativeGex!.coefficient * x[4]!;
      return { x, e: cc - fit };
    });
    for (let k = 0; k < 5; k++) {
      const dot = rows.reduce((s, r) => s + r.x[k]! * r.e, 0);
      expect(Math.abs(dot), `X′e[${k}]`).toBeLessThan(1e-10);
    }
    expect(har.negativeGex!.hacSe).toBeGreaterThan(0);
    expect(har.negativeGex!.t).toBeCloseTo(har.negativeGex!.coefficient / har.negativeGex!.hacSe, 12);
  });

  it('measures pinning from each stored chain: the largest-OI strike and max pain of the next session’s expiries, by plain loops', () => {
    const pin = study.pinning!;
    expect(pin.distances).toHaveLength(17);
    for (const d of pin.distances) {
      const chain = chains.get(d.asOf)!;
      const s = study.sessions.find((x) => x.asOf === d.asOf)!;
      const dates = [...new Set(chain.options.map((o) => nyDate(o.expiry)))].filter((x) => x >= s.nextSession).sort();
      const members = chain.options.filter((o) => nyDate(o.expiry) === dates[0]);
      const oi = new Map<number, number>();
      for (const o of members) oi.set(o.strike, (oi.get(o.strike) ?? 0) + o.openInterest);
      const most = Math.max(...oi.values());
      const top = [...oi.entries()].filter(([, v]) => v === most).map(([k]) => k);
      const pain = [...oi.keys()]
        .sort((x, y) => x - y)
        .reduce(
          (best, k) => {
            const paid = members.reduce(
              (sum, o) =>
                sum + Math.max(0, o.type === 'C' ? k - o.strike : o.strike - k) * o.openInterest * o.multiplier,
              0,
            );
            return paid < best.paid ? { k, paid } : best;
          },
          { k: Number.NaN, paid: Number.POSITIVE_INFINITY },
        );
      expect(d.expiryDate).toBe(dates[0]);
      expect(d.expiryDay).toBe(dates[0] === s.nextSession);
      expect(top).toContain(d.largestOiStrike);
      expect(d.maxPain).toBe(pain.k);
      expect(d.toMaxPainPct).toBeCloseTo((Math.abs(s.close - pain.k) / s.spot) * 100, 10);
    }
    // SPX lists an expiry on every session by 2022: every next session of these files is one
    expect(pin.expiryDays.count).toBe(17);
    expect(pin.otherDays.count).toBe(0);
    expect(pin.expiryDays.meanToMaxPainPct).toBeCloseTo(avg(pin.distances.map((d) => d.toMaxPainPct)), 12);
  });

  it('gives the same intervals for the same seed and others for another seed', () => {
    const a = runStudy(points, prices, { resamples: 200, seed: 9 });
    const b = runStudy(points, prices, { resamples: 200, seed: 9 });
    const c = runStudy(points, prices, { resamples: 200, seed: 10 });
    expect(a).toEqual(b);
    expect(c.byRegime[0]!.ciCloseToClose).not.toEqual(a.byRegime[0]!.ciCloseToClose);
    expect(c.byRegime[0]!.meanCloseToClose).toBe(a.byRegime[0]!.meanCloseToClose);
  });
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

describe('gexmap study on the same store file', () => {
  it('--json prints the sessions, the regime rows, the excluded counts and the conventions of the engine', async () => {
    const out = await cli(['study', '--db', db, '--prices', OHLC, '--json', '--resamples', '300', '--seed', '5']);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.sessions).toHaveLength(17);
    expect(json.sessions[0]).toMatchObject({
      asOf: study.sessions[0]!.asOf,
      nextSession: study.sessions[0]!.nextSession,
      regime: study.sessions[0]!.regime,
      netGex: study.sessions[0]!.netGex,
      rvCloseToClose: study.sessions[0]!.rvCloseToClose,
      rvParkinson: study.sessions[0]!.rvParkinson,
    });
    expect(json.byRegime.map((r: { regime: string; count: number }) => [r.regime, r.count])).toEqual([
      ['positive', 12],
      ['negative', 5],
    ]);
    expect(json.byRegime[1].meanCloseToClose).toBe(study.byRegime[1]!.meanCloseToClose);
    expect(json.excluded).toEqual(study.excluded);
    expect(json.conventions.vols).toBe('decimals (0.15 = 15 %), annualised with √252');
    expect(json.har.negativeGex.hacSe).toBe(study.har.negativeGex!.hacSe);
  });

  it('prints the text table with n, the groups, the HAR dummy, pinning and the caveats, and writes the charts', async () => {
    const svg = join(dir, 'study.svg');
    const png = join(dir, 'study.png');
    const out = await cli(['study', '--db', db, '--prices', OHLC, '--resamples', '200', '--svg', svg, '--png', png]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('17 snapshots, 17 with a next session in the prices (17 distinct sessions)');
    expect(out.stdout).toMatch(/\n\+GEX\s+12\s+\d/);
    expect(out.stdout).toMatch(/\n−GEX\s+5\s+\d/);
    expect(out.stdout).toContain('by net GEX tercile (1 = lowest)');
    expect(out.stdout).toMatch(/HAR control \(n 17, Newey–West lag 2\): −GEX dummy [+−]\d+\.\d % \(HAC SE \d+\.\d %/);
    expect(out.stdout).toMatch(/expiry days\s+n 17/);
    expect(out.stdout).toContain('correlation, not causation');
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*Next-session vol by regime/);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('--compare ranks gexmap’s daily net GEX against a published series over the common dates', async () => {
    // a series that is gexmap's own net GEX turned around, on each snapshot's session date, plus one date of its own
    const rows = study.sessions.map((s) => `${s.session},${-2 * s.netGex}`);
    const file = join(dir, 'published.csv');
    writeFileSync(file, ['date,gex', ...rows, '2020-01-02,5e9'].join('\n'));
    const out = await cli(['study', '--db', db, '--prices', OHLC, '--compare', file, '--json', '--resamples', '100']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).compare).toEqual({
      commonDates: 17,
      onlyGexmap: 0,
      onlyPublished: 1,
      spearman: -1,
      signAgreement: 0,
      sameSign: 0,
    });
  });

  it('refuses a prices file with a bad row, naming the file, line and field', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,o,h,l,c\n2023-02-07,4100,4200,4000,4164\n2023-02-08,4100,4200,4000,-1\n');
    const out = await cli(['study', '--db', db, '--prices', bad]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('bad.csv line 3: close ("-1") is not a positive finite price');
    const missing = await cli(['study', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--prices <file>' not specified");
  });
});

describe('GET /api/study (serve --db FILE --prices FILE)', () => {
  it('answers the study of the stored chain without pinning, and is absent without prices', async () => {
    const store = await DuckDbStore.open(db, { readOnly: true, lock: 'per-operation' });
    try {
      const app = createApp({ sources: [], history: store, prices, checkAnswers: true });
      const res = await app.request('/api/study?venue=cboe&underlying=spx');
      expect(res.status).toBe(200);
      const body = (await res.json()) as StudyResult;
      expect(body.byRegime.map((r) => r.count)).toEqual([12, 5]);
      expect(body.byRegime[0]!.meanCloseToClose).toBe(study.byRegime[0]!.meanCloseToClose);
      expect(body.pinning).toBeNull();
      expect((await app.request('/api/study?venue=deribit')).status).toBe(404);
      expect((await app.request('/api/study?from=yesterday')).status).toBe(400);
      const without = createApp({ sources: [], history: store });
      expect((await without.request('/api/study')).status).toBe(404);
    } finally {
      await store.close();
    }
  });
});

describe('what the study leaves out, and counts', () => {
  const text = readFileSync(OHLC, 'utf8').trim().split('\n');

  it('leaves out the snapshot whose next session is past the last bar (prices ending 2023-12-29)', () => {
    const cut = readPrices(text.filter((l) => l < '2024-01-01' || l.startsWith('date')).join('\n'));
    const r = runStudy(points, cut, { resamples: 100 });
    expect(r.excluded.noNextSession).toBe(1);
    expect(r.evaluated).toBe(16);
    expect(r.sessions.map((s) => s.nextSession)).not.toContain('2024-01-08');
    expect(r.byRegime.map((g) => g.count)).toEqual([12, 4]);
  });

  it('gives the session after a gap of more than 5 days no close-to-close vol, and counts it (2023-05-15 … 05-19 removed)', () => {
    const gap = readPrices(text.filter((l) => !(l >= '2023-05-15' && l < '2023-05-20')).join('\n'));
    expect(gap.receipt.gaps).toEqual([{ after: '2023-05-12', before: '2023-05-22', calendarDays: 10 }]);
    const r = runStudy(points, gap, { resamples: 100 });
    const s = r.sessions.find((x) => x.nextSession === '2023-05-22')!;
    expect(s.rvCloseToClose).toBeNull();
    expect(s.rvParkinson).toBe(study.sessions.find((x) => x.nextSession === '2023-05-22')!.rvParkinson);
    expect(r.excluded.noPreviousClose).toBe(1);
    const pos = r.byRegime[0]!;
    expect(pos.count).toBe(12);
    expect(pos.nCloseToClose).toBe(11);
    const expected = points
      .filter((p) => p.netGex >= 0)
      .map(expectedSession)
      .filter((e) => e.nextSession !== '2023-05-22');
    expect(close(pos.meanCloseToClose as number, avg(expected.map((e) => e.cc)))).toBe(true);
    // the 22 sessions before 2023-05-22 reach across the gap: that session is out of the HAR regression too
    expect(r.har.n).toBeLessThan(17);
  });
});
