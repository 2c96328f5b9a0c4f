import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { checkInstant } from '../../chain/instant.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../../core/units/instant.js';
import {
  headerProblem,
  TARDIS_OPTIONS_CHAIN_HEADER,
  type TardisImportOptions,
  TardisIntervals,
  tardisQuote,
  underlyingOf,
} from './format.js';
import { isGzipFile } from './gzipFile.js';
import { cutRowParts, rowsReadingAsLines } from './rowParts.js';
import { cutRowPartsInWorker, startRowPartsWorker } from './rowPartsThread.js';

/**
 * The fast scanner of a Tardis options_chain file. DuckDB's CSV reader reads the file's rows in
 * two single-threaded queries at once: a plain file's first rows and the rest (the second query
 * skips the first's lines), a gzip file's parts of whole lines (gunzipped and cut in a worker while
 * DuckDB reads the previous ones). Each query reads the nine columns the snapshots use, numbers its
 * rows in file order (`WITH ORDINALITY`) and groups them per interval and option into the
 * group's first row (which fixes where a new option enters the snapshot's order) and its last (its
 * values, its line), with a flag on any row the line reader would refuse. The queries' groups are
 * joined (an option's interval may span them) and replayed through the same `TardisIntervals`
 * state as the line-by-line scanner, so both give the same snapshots, option for option.
 *
 * It vouches only for files whose every row it has checked, and answers `undefined` (read the file
 * line by line instead, which raises the exact error) when any of these holds:
 * - the first line is not the options_chain header, or DuckDB cannot parse a cell or a row (a wrong
 *   cell count, a number it cannot read, a truncated file);
 * - the text holds a double quote, a CR, a blank line or a `_` between two digits (see
 *   `LineCheck`): quoted line breaks, blank lines and CR line ends would move the line numbers the
 *   dropped rows cite, and DuckDB reads `1_000` as 1000 where the line reader's `Number` refuses it;
 * - DuckDB's rows are not the file's lines: their count differs from the lines `LineCheck` counted,
 *   or a query's rows are not numbered 1 to its row count (see `readsEveryRow`);
 * - a row the underlying filter keeps has no symbol, no timestamp or expiration, or one outside
 *   1990–2100, a type other than call/put, or a number DuckDB reads as ±inf or NaN (the line reader
 *   refuses them), or numbers so huge that their sum overflows (see `allFinite`);
 * - the kept rows are not in interval order (a row earlier than a previous row's interval).
 */
export async function scanTardisWithDuckDb(
  path: string,
  options: TardisImportOptions,
  tuning: ScanTuning = {},
): Promise<AsyncGenerator<ChainSnapshot> | undefined> {
  const total = statSync(path).size;
  sharedDuckDb().catch(() => {}); // started while the header is read; a failure is met by readGroups
  const gzip = await isGzipFile(path);
  if (gzip && tuning.partsInThread !== true) startRowPartsWorker(); // it loads while the header is read
  if (headerProblem(path, await firstLine(path, gzip)) !== undefined) return undefined;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const groups = await readGroups(path, gzip, intervalMs, tuning, (bytes) => options.onProgress?.(bytes, total));
  if (groups === undefined) return undefined;
  const kept = keptGroups(groups, options.underlyings);
  if (kept === undefined) return undefined;
  return replay(kept, path, options, intervalMs, total);
}

/** The rows of one interval and option: the first and last row's number, the last row's cells. */
interface Group {
  readonly b: number | null;
  readonly symbol: string;
  readonly first: number;
  last: number;
  kind: string | null;
  strike: number | null;
  expiration: number | null;
  oi: number | null;
  mark: number | null;
  markIv: number | null;
  underlyingPrice: number | null;
  bad: boolean;
}

/** Where the scan cuts a file: what tests move to cut a small file as a big one is cut. */
export interface ScanTuning {
  /** a gzip file's part size (default about 16 MB) */
  readonly partBytes?: number;
  /** the rows a plain file's first query reads (default a bit more than half, for a file of 8 MB or more) */
  readonly firstLaneRows?: number;
  /** cut a gzip file's parts in this thread rather than in a worker (the default) */
  readonly partsInThread?: boolean;
}

/**
 * About 16 MB a gzip part: small enough that DuckDB starts soon and its last part after the
 * decompression is short, big enough that the queries' own cost (a few ms each) does not count.
 */
const PART_BYTES = 16 << 20;

/** The gzip parts cut and not yet read (each on disk) at most: the decompression waits only then. */
const PARTS_AHEAD = 4;

/** A plain file smaller than this is read in one query: a second would save next to nothing. */
const SPLIT_BYTES = 8 << 20;

/**
 * The file's groups in interval and first-row order, or undefined when `LineCheck` refuses its
 * text, DuckDB cannot parse it, or DuckDB's rows are not the file's lines (their count differs
 * from the lines `LineCheck` counted). DuckDB numbers rows (`WITH ORDINALITY`) as one ordered
 * stream, and more threads on that query only cost time, so each query runs in one thread and two
 * run at once: a plain file's first rows (`LIMIT`) beside its other rows (`skip`), both read from
 * the file itself while its text is checked; a gzip file's parts, decompressed and cut in a worker thread (see
 * `cutRowPartsInWorker`), two read while the next is decompressed (DuckDB's own gzip reader would do both
 * in one thread).
 */
async function readGroups(
  path: string,
  gzip: boolean,
  intervalMs: number,
  tuning: ScanTuning,
  onProgress: (bytesRead: number) => void,
): Promise<Group[] | undefined> {
  const instance = await sharedDuckDb();
  const lanes = [await instance.connect(), await instance.connect()];
  const work = join(tmpdir(), `gexmap-tardis-${randomUUID()}`);
  const parts: Promise<PartGroups | undefined>[] = [];
  try {
    let rows: number | undefined;
    let firstLane: number | undefined; // the rows the first of two queries of a plain file reads
    if (!gzip) {
      const size = statSync(path).size;
      firstLane = tuning.firstLaneRows ?? (await firstLaneRows(path, size));
      const ranges = firstLane === undefined ? [{ skip: 1 }] : [{ skip: 1, limit: firstLane }, { skip: firstLane + 1 }];
      const poll = setInterval(() => onProgress(Math.round(laneProgress(lanes, ranges.length) * size)), 250);
      const read = ranges.map((range, k) => groupRows(lanes[k] as DuckDBConnection, path, range, intervalMs));
      parts.push(...read);
      void Promise.allSettled(read).then(() => clearInterval(poll));
      rows = await rowsReadingAsLines(path);
    } else {
      mkdirSync(work, { recursive: true });
      const laneFree: Promise<unknown>[] = lanes.map(() => Promise.resolve());
      const cut = tuning.partsInThread === true ? cutRowParts : cutRowPartsInWorker;
      rows = await cut(path, work, tuning.partBytes ?? PART_BYTES, async (part, bytesRead) => {
        onProgress(bytesRead);
        await parts[part.index - PARTS_AHEAD]; // the decompression runs at most this far ahead
        const k = part.index % lanes.length;
        const read = (laneFree[k] as Promise<unknown>)
          .then(() => groupRows(lanes[k] as DuckDBConnection, part.path, { skip: 0 }, intervalMs))
          .finally(() => rm(part.path, { force: true }).catch(() => {})); // the folder goes at the end anyway
        laneFree[k] = read;
        parts.push(read);
      });
    }
    if (rows === undefined) for (const c of lanes) c.interrupt(); // the line reader reads it: stop reading
    const read = await Promise.all(parts);
    if (rows === undefined || read.some((p) => p === undefined)) return undefined;
    const groups = read as PartGroups[];
    if (!readsEveryRow(groups, rows, firstLane)) return undefined;
    return joinParts(groups);
  } finally {
    await Promise.allSettled(parts);
    for (const c of lanes) c.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}

let duckDb: Promise<DuckDBInstance> | undefined;

/**
 * DuckDB's client, loaded by `require`, not `import`: it is CommonJS of about 120 files, whose
 * named exports an `import` finds by lexing every one of them, a third of a second of a first
 * scan in a fresh process (loading the native library takes about half as long).
 */
const duckDbApi = () => createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');

/**
 * The in-memory DuckDB every scan in this thread queries, on connections of its own: opening and
 * closing one per file costs tens of milliseconds, as much as reading a few megabytes. Its
 * queries run in one thread each (see `readGroups`).
 */
function sharedDuckDb(): Promise<DuckDBInstance> {
  duckDb ??= duckDbApi()
    .DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' })
    .catch((e: unknown) => {
      duckDb = undefined; // the next scan tries again
      throw e;
    });
  return duckDb;
}

/**
 * Whether the queries' rows, in order, are the file's `rows` rows, each once: their counts add up,
 * and the first of a plain file's two queries read its `firstLane` rows (or all, when fewer), so
 * the second, which skipped that many lines, read the rest. (Each query's rows are numbered 1 to
 * its count; `groupRows` checks that.)
 */
export function readsEveryRow(
  parts: readonly { readonly rows: number }[],
  rows: number,
  firstLane: number | undefined,
): boolean {
  if (parts.reduce((n, p) => n + p.rows, 0) !== rows) return false;
  return firstLane === undefined || parts[0]?.rows === Math.min(firstLane, rows);
}

/**
 * The share of a plain file's rows its first query reads: skipping a line costs the second query
 * about a third of reading a row, so both finish together when the first reads 1 / (2 - 1/3).
 */
const FIRST_LANE_SHARE = 0.59;

/**
 * The rows of a plain file its first query reads (`FIRST_LANE_SHARE`), estimated from the rows in
 * its first 64 kB (any count will do: the second query reads the rows after the first's), or
 * undefined when the file is too small to be worth two queries.
 */
async function firstLaneRows(path: string, size: number): Promise<number | undefined> {
  if (size < SPLIT_BYTES) return undefined;
  const start = await readStart(path, 1 << 16);
  const header = start.indexOf(10);
  const end = start.lastIndexOf(10);
  let rows = 0;
  for (let i = start.indexOf(10, header + 1); i >= 0 && i <= end; i = start.indexOf(10, i + 1)) rows++;
  if (header < 0 || rows === 0) return undefined;
  return Math.max(1, Math.round(((size - header - 1) * FIRST_LANE_SHARE) / ((end - header) / rows)));
}

/**
 * How far the queries of a plain file have read, as a fraction of the file: the first reads its
 * first `FIRST_LANE_SHARE`, the second skips that and reads the rest (DuckDB reports each as a
 * percentage of the file).
 */
function laneProgress(lanes: readonly DuckDBConnection[], n: number): number {
  const read = lanes.slice(0, n).map((c) => Math.max(0, c.progress.percentage) / 100);
  if (n === 1) return read[0] ?? 0;
  return Math.min(read[0] ?? 0, FIRST_LANE_SHARE) + Math.max((read[1] ?? 0) - FIRST_LANE_SHARE, 0);
}

/** One query's groups as DuckDB returns them (row numbers from 1 in its first row) and its row count. */
interface PartGroups {
  readonly rows: number;
  readonly columns: unknown[][];
}

const msOf = (col: string) => `floor("${col}" / 1000)`;
/** false for no instant, NaN, ±inf or one outside 1990–2100 (DuckDB orders NaN above every number) */
const inRange = (col: string) => `coalesce(${msOf(col)} BETWEEN ${EARLIEST_INSTANT} AND ${LATEST_INSTANT}, false)`;
/**
 * false when a cell is ±inf or NaN (an empty cell is fine), by one sum per row rather than a test
 * per cell; a sum of huge numbers that overflows is refused too, which only sends the file to the
 * line reader.
 */
const allFinite = (cols: readonly string[]) => `isfinite(${cols.map((c) => `coalesce("${c}", 0)`).join(' + ')})`;
const NUMERIC = new Set([
  'timestamp',
  'strike_price',
  'expiration',
  'open_interest',
  'mark_price',
  'mark_iv',
  'underlying_price',
]);
const LAST = ['type', 'strike_price', 'expiration', 'open_interest', 'mark_price', 'mark_iv', 'underlying_price'];
const COLUMNS = TARDIS_OPTIONS_CHAIN_HEADER.map((n) => `'${n}': '${NUMERIC.has(n) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');

/**
 * Groups the rows of a file of rows (after `skip` lines, at most `limit` rows) in one DuckDB
 * query; undefined when DuckDB cannot parse them as CSV, or when its numbers are not 1 to the row
 * count. The numeric cells are read as DOUBLE by DuckDB's reader, which reads every number
 * `Number` reads the same (both round correctly) and refuses the others but digit separators
 * (refused by `LineCheck`), ±inf and NaN (flagged here). Ordinality numbers the rows in file
 * order: DuckDB runs the numbering as one ordered stream.
 */
async function groupRows(
  c: DuckDBConnection,
  path: string,
  range: { readonly skip: number; readonly limit?: number },
  intervalMs: number,
): Promise<PartGroups | undefined> {
  try {
    const reader = await c.runAndReadAll(
      `SELECT floor(${msOf('timestamp')} / ${intervalMs}) AS b, symbol,
         min(ordinality)::DOUBLE AS first, max(ordinality)::DOUBLE AS last,
         ${LAST.map((n) => `arg_max_null("${n}", ordinality)`).join(', ')},
         NOT bool_and(${inRange('timestamp')} AND ${inRange('expiration')} AND coalesce("type" IN ('call', 'put'), false)
           AND ${allFinite(['strike_price', 'open_interest', 'mark_price', 'mark_iv', 'underlying_price'])}) AS bad,
         count(*)::DOUBLE AS n
       FROM (SELECT * FROM read_csv($1, header = false, skip = ${range.skip}, auto_detect = false, delim = ',', quote = '',
         escape = '', strict_mode = true, null_padding = false, columns = {${COLUMNS}}) WITH ORDINALITY
         ${range.limit === undefined ? '' : `LIMIT ${range.limit}`})
       GROUP BY b, symbol`,
      [path],
    );
    const columns = reader.getColumns() as unknown[][]; // none at all when there are no rows
    const rows = ((columns[12] ?? []) as number[]).reduce((a, n) => a + n, 0);
    const last = ((columns[3] ?? []) as number[]).reduce((a, n) => Math.max(a, n), 0);
    return last === rows ? { rows, columns } : undefined;
  } catch {
    return undefined; // the line reader names the line and field
  }
}

/**
 * The parts' groups joined: an option's interval continued in a later part keeps its first row and
 * takes the later part's last row; row numbers count from the file's first row (1). Sorted by
 * interval, then first row. Undefined when a row has no symbol.
 */
function joinParts(parts: readonly PartGroups[]): Group[] | undefined {
  const intervals = new Map<number | null, Map<string, Group>>(); // interval → option → group
  const groups: Group[] = [];
  let offset = 0;
  for (const { rows, columns } of parts) {
    if (rows === 0) continue;
    const [b, symbol, first, last, kind] = columns as [
      (number | null)[],
      (string | null)[],
      number[],
      number[],
      (string | null)[],
    ];
    const [strike, expiration, oi, mark, markIv, underlyingPrice] = columns.slice(5, 11) as (number | null)[][];
    const bad = columns[11] as (boolean | null)[];
    for (let i = 0; i < b.length; i++) {
      const name = symbol[i];
      if (name === null || name === undefined) return undefined;
      const bucket = b[i] ?? null;
      let options = intervals.get(bucket);
      if (options === undefined) {
        options = new Map<string, Group>();
        intervals.set(bucket, options);
      }
      let g = options.get(name);
      if (g === undefined) {
        g = {
          b: bucket,
          symbol: name,
          first: (first[i] as number) + offset,
          last: 0,
          kind: null,
          strike: null,
          expiration: null,
          oi: null,
          mark: null,
          markIv: null,
          underlyingPrice: null,
          bad: false,
        };
        options.set(name, g);
        groups.push(g);
      }
      g.last = (last[i] as number) + offset;
      g.kind = kind[i] ?? null;
      g.strike = strike?.[i] ?? null;
      g.expiration = expiration?.[i] ?? null;
      g.oi = oi?.[i] ?? null;
      g.mark = mark?.[i] ?? null;
      g.markIv = markIv?.[i] ?? null;
      g.underlyingPrice = underlyingPrice?.[i] ?? null;
      g.bad ||= bad[i] === true;
    }
    offset += rows;
  }
  return groups.sort((x, y) => (x.b ?? -1) - (y.b ?? -1) || x.first - y.first);
}

/**
 * The groups the underlying filter keeps (by the line reader's own `underlyingOf`), or undefined
 * when one holds a row the line reader would refuse or the kept rows go back to an earlier interval:
 * every interval's rows must come after all rows of the intervals before it.
 */
function keptGroups(groups: readonly Group[], underlyings: readonly string[] | undefined): Group[] | undefined {
  const only = underlyings ? new Set(underlyings.map((u) => u.toUpperCase())) : undefined;
  const kept: Group[] = [];
  let bucket: number | undefined;
  let before = 0; // the last row of the intervals before this one
  let upTo = 0; // the last row so far
  for (const g of groups) {
    if (only && !only.has(underlyingOf(g.symbol))) continue;
    if (g.bad || g.b === null) return undefined;
    if (g.b !== bucket) {
      bucket = g.b;
      before = upTo;
    }
    if (g.first < before) return undefined;
    if (g.last > upTo) upTo = g.last;
    kept.push(g);
  }
  return kept;
}

/** Replays each interval's last row per option (in first-row order) through the snapshot state. */
async function* replay(
  kept: readonly Group[],
  path: string,
  options: TardisImportOptions,
  intervalMs: number,
  total: number,
): AsyncGenerator<ChainSnapshot> {
  const intervals = new TardisIntervals(path, options.maxIv ?? 5);
  let bucketEnd: number | undefined;
  for (const g of kept) {
    const end = ((g.b as number) + 1) * intervalMs;
    bucketEnd ??= end;
    while (end > bucketEnd) {
      yield* intervals.snapshots(bucketEnd);
      bucketEnd += intervalMs;
    }
    const line = g.last + 1; // the header is line 1, the first row is row 1
    const underlying = underlyingOf(g.symbol);
    intervals.set(
      underlying,
      line,
      tardisQuote({
        symbol: g.symbol,
        linear: underlying.includes('_'),
        type: g.kind === 'call' ? 'C' : 'P',
        expiryMs: checkInstant(`line ${line}`, 'expiration', Math.floor((g.expiration as number) / 1000)),
        strike: g.strike ?? Number.NaN,
        openInterest: g.oi ?? Number.NaN,
        markIvPercent: g.markIv ?? Number.NaN,
        markPrice: g.mark ?? Number.NaN,
        underlyingPrice: g.underlyingPrice ?? Number.NaN,
      }),
    );
  }
  if (bucketEnd !== undefined) yield* intervals.snapshots(bucketEnd);
  options.onProgress?.(total, total);
}

async function readStart(path: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of createReadStream(path, { start: 0, end: bytes - 1 })) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** The first line of the file (of its content, when gzip-compressed). */
async function firstLine(path: string, gzip: boolean): Promise<string> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  let text = '';
  try {
    for await (const part of stream) {
      text += (part as Buffer).toString('utf8');
      const end = text.search(/[\r\n]/);
      if (end >= 0) return text.slice(0, end);
      if (text.length > 1 << 16) break;
    }
  } catch {
    // a damaged gzip stream: the line reader says so
  } finally {
    stream.destroy();
  }
  return text;
}
