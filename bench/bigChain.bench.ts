/**
 * Big-chain benchmark: the full report of a read chain (`gexmap report --json`: buildFullReport, the
 * venue breakdown, the finite-output check and the JSON text, written in pieces) at 10k, 50k and 200k options, and the
 * CBOE CSV read of the 200k-option file, and `gexmap report --cboe FILE --json` on that file in a
 * process of its own (step `cli`: one run, its wall time with start-up, and that process's peak RSS;
 * step `start`: `gexmap --help` the same way, what the loader and start-up alone take). Both run what
 * a user runs, the built package (`bin/gexmap.js`), when `dist/` is there and no newer than any
 * source file; otherwise the sources through tsx. Their rows say which (`runner`).
 *
 * Construction: the real SPX download (2022-12-12, 9,578 rows of a call and a put) repeated; copy k
 * has every expiry (date column and both OCC symbols) shifted by k × (span + 1) whole days, span being
 * the days from the file's first expiry to its last, so no two copies share an expiry. The reader
 * keeps 13,168 of a copy's 19,156 options (the rest are documented drops), so a size counts kept
 * options: size / 13,168 copies' worth of rows, the last copy cut in file order (keeping its nearest
 * expiries). Each chain is written as one CBOE file and read by the CBOE reader.
 *
 * Each size runs in a child process of its own so that its peak RSS (`resourceUsage().maxRSS`) is
 * its own. That figure, on the `report` and `parse` rows, is the size's process after building its
 * file, reading it and every timed run (warm-ups included), not one report: a user's one report is
 * the `cli` row. `npm run bench:big` prints a table; `-- --json` prints one JSON array of
 * {chain, step, options, ms, msPer1000, peakRssMb, rssOf, runner?}. Figures are medians of several
 * runs after a warm-up.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFullReport } from '../src/analytics/fullReport.js';
import { withVenueBreakdown } from '../src/analytics/venues.js';
import type { ChainSnapshot } from '../src/chain/types.js';
import { at } from '../src/core/at.js';
import { assertFiniteOutput } from '../src/report/finiteOutput.js';
import { writeJson } from '../src/report/jsonPieces.js';
import { parseCboeCsv } from '../src/sources/cboe/index.js';
import { builtIsCurrent } from './support/built.js';
import { consume, printSink } from './support/sink.js';

const SPX = resolve(import.meta.dirname, '../../shared/data/cboe-spx-2022-12-12/spx_quotedata.csv');
const SRC = resolve(import.meta.dirname, '../src');
const CLI = resolve(SRC, 'cli/bin.ts');
const BIN = resolve(import.meta.dirname, '../bin/gexmap.js');
const PEAK_RSS = resolve(import.meta.dirname, 'support/peakRss.mjs');
/** the line support/peakRss.mjs writes */
const PEAK_RSS_MARK = 'peak-rss-mb=';
const SIZES = [10_000, 50_000, 200_000];
const HEADER_LINES = 4;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Row {
  chain: string;
  step: 'report' | 'parse' | 'cli' | 'start';
  options: number;
  ms: number;
  msPer1000: number;
  peakRssMb: number;
  /** whose peak RSS `peakRssMb` is */
  rssOf: string;
  /** cli and start: the built package or the sources through tsx */
  runner?: Runner['name'];
}

/** How a `gexmap` command is started in a process of its own. */
interface Runner {
  name: 'built' | 'tsx';
  /** node's arguments before the command's */
  argv: readonly string[];
}

function median(fn: () => void, warmup: number, runs: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return at(times, Math.floor(runs / 2));
}

/** `Mon Dec 12 2022` → epoch ms of that UTC day. */
function dayOf(text: string): number {
  const [, month, day, year] = text.split(' ');
  return Date.UTC(Number(year), MONTHS.indexOf(month ?? ''), Number(day));
}

function dateText(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()}`;
}

function yymmdd(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
}

/** One row with its expiry moved by `days`: the date column and the YYMMDD of both symbols. */
function shiftRow(line: string, days: number): string {
  if (days === 0) return line;
  const fields = line.split(',');
  const expiry = dayOf(fields[0] ?? '');
  const moved = expiry + days * DAY_MS;
  const from = yymmdd(expiry);
  const to = yymmdd(moved);
  fields[0] = dateText(moved);
  fields[1] = (fields[1] ?? '').replace(from, to);
  fields[12] = (fields[12] ?? '').replace(from, to);
  return fields.join(',');
}

/** The SPX file repeated to `rowCount` rows, each copy's expiries shifted past the last copy's. */
export function bigCboeFile(text: string, rowCount: number): string {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = lines.slice(0, HEADER_LINES);
  const rows = lines.slice(HEADER_LINES);
  const first = dayOf(at(rows, 0).split(',')[0] ?? '');
  const last = dayOf(at(rows, rows.length - 1).split(',')[0] ?? '');
  const step = (last - first) / DAY_MS + 1;
  const out = [...head];
  for (let r = 0; r < rowCount; r++) {
    const copy = Math.floor(r / rows.length);
    out.push(shiftRow(at(rows, r % rows.length), copy * step));
  }
  return `${out.join('\n')}\n`;
}

/** The report of a read chain as `gexmap report --json` builds it, down to the JSON text. */
function fullReportJson(snapshot: ChainSnapshot): number {
  const options = {};
  const report = withVenueBreakdown(snapshot, buildFullReport(snapshot, options), options);
  assertFiniteOutput(report, 'gexmap report');
  let chars = 0;
  writeJson(report, (piece) => {
    chars += piece.length;
  });
  return chars;
}

/**
 * The built package, as a user runs it, when `dist/` holds the CLI and was built after the last
 * change to the sources (the build writes every file); else the sources through this process's tsx.
 */
function gexmapRunner(): Runner {
  if (builtIsCurrent('cli/bin.js')) return { name: 'built', argv: ['--import', PEAK_RSS, BIN] };
  return { name: 'tsx', argv: [...process.execArgv, '--import', PEAK_RSS, CLI] };
}

/** One `gexmap` command in a process of its own (stdout to the null device): wall time with start-up, peak RSS. */
function cliRun(runner: Runner, args: readonly string[]): { ms: number; peakRssMb: number } {
  const out = openSync(devNull, 'w');
  try {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [...runner.argv, ...args], {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - t0;
    if (child.status !== 0) throw new Error(`gexmap ${args.join(' ')} failed: ${child.stderr}`);
    const mark = child.stderr.split('\n').find((l) => l.startsWith(PEAK_RSS_MARK));
    return { ms, peakRssMb: Number(mark?.slice(PEAK_RSS_MARK.length)) };
  } finally {
    closeSync(out);
  }
}

/**
 * `gexmap report --cboe FILE --json` on the chain's file, what a user runs, and `gexmap --help`
 * the same way: the start-up share of its time and memory.
 */
function cliReport(
  runner: Runner,
  text: string,
): {
  report: { ms: number; peakRssMb: number };
  start: { ms: number; peakRssMb: number };
} {
  const dir = mkdtempSync(join(tmpdir(), 'gexmap-big-'));
  const file = join(dir, 'big.csv');
  writeFileSync(file, text);
  try {
    return { start: cliRun(runner, ['--help']), report: cliRun(runner, ['report', '--cboe', file, '--json']) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One size, in this process: the report of the read chain and, for the largest, the CSV read. */
function runSize(size: number): Row[] {
  const spx = readFileSync(SPX, 'utf8');
  // the reader keeps 13,168 of the file's 19,156 options: the rows are scaled to the kept options
  const kept = parseCboeCsv(spx, { source: 'spx_quotedata.csv' }).options.length;
  const fileRows = spx.split('\n').filter((l) => l.length > 0).length - HEADER_LINES;
  const text = bigCboeFile(spx, Math.round((size / kept) * fileRows));
  const snapshot = parseCboeCsv(text, { source: 'big.csv' });
  const options = snapshot.options.length;
  const runs = size >= 200_000 ? 5 : 9;
  const reportMs = median(() => consume(fullReportJson(snapshot)), 2, runs);
  const rows: Row[] = [];
  const row = (step: Row['step'], ms: number, rss: Pick<Row, 'peakRssMb' | 'rssOf' | 'runner'>): Row => ({
    chain: `spx×${(size / kept).toFixed(1)}`,
    step,
    options,
    ms: Number(ms.toFixed(1)),
    msPer1000: Number(((ms / options) * 1000).toFixed(3)),
    ...rss,
  });
  const sizeProcess = (what: string) => ({
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssOf: `this size's process: ${what}`,
  });
  rows.push(row('report', reportMs, sizeProcess(`file, read chain, ${runs + 2} reports`)));
  if (size === at(SIZES, SIZES.length - 1)) {
    const parseMs = median(() => consume(parseCboeCsv(text, { source: 'big.csv' }).options.length), 2, runs);
    rows.push(row('parse', parseMs, sizeProcess(`the above and ${runs + 2} more reads`)));
    const runner = gexmapRunner();
    const cli = cliReport(runner, text);
    const own = {
      rssOf: `own process, one command (${runner.name === 'built' ? 'built package' : 'sources via tsx'})`,
    };
    rows.push(row('cli', cli.report.ms, { peakRssMb: cli.report.peakRssMb, ...own, runner: runner.name }));
    rows.push(row('start', cli.start.ms, { peakRssMb: cli.start.peakRssMb, ...own, runner: runner.name }));
  }
  return rows;
}

const sizeFlag = process.argv.indexOf('--size');
if (resolve(process.argv[1] ?? '') !== import.meta.filename) {
  // imported for its chains: no run
} else if (sizeFlag >= 0) {
  const rows = runSize(Number(process.argv[sizeFlag + 1]));
  printSink();
  process.stdout.write(`${JSON.stringify(rows)}\n`);
} else {
  const json = process.argv.includes('--json');
  const rows: Row[] = [];
  for (const size of SIZES) {
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--size', String(size)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`size ${size} failed: ${child.stderr}`);
    process.stderr.write(child.stderr);
    rows.push(...(JSON.parse(child.stdout) as Row[]));
  }
  if (json) console.log(JSON.stringify(rows));
  else {
    console.log('step    options   median ms   ms / 1,000 options   peak RSS MB   of');
    for (const r of rows) {
      console.log(
        `${r.step.padEnd(7)} ${String(r.options).padStart(8)} ${r.ms.toFixed(1).padStart(11)} ${r.msPer1000.toFixed(3).padStart(20)} ${String(r.peakRssMb).padStart(13)}   ${r.rssOf}`,
      );
    }
  }
}
