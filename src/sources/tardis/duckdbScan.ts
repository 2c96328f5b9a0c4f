import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { checkInstant } from '../../chain/instant.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../../core/units/instant.js';
import {
  headerProblem,
  TARDIS_OPTIONS_CHAIN_HEADER,
  type TardisImportOptions,
  TardisIntervals,
  tardisQuote,
} from './format.js';

/**
 * The fast scanner of a Tardis options_chain file: DuckDB's parallel CSV reader loads the nine
 * columns the snapshots use, and one GROUP BY picks, per interval and option, the last row of the
 * interval (its values, its line) and the first (which fixes where a new option enters the
 * snapshot's order). The intervals are then replayed through the same `TardisIntervals` state as
 * the line-by-line scanner, so both give the same snapshots, option for option.
 *
 * It vouches only for files whose every row it has checked, and answers `undefined` (read the file
 * line by line instead, which raises the exact error) when any of these holds:
 * - the first line is not the options_chain header, or DuckDB cannot parse a cell or a row (a wrong
 *   cell count, a number it cannot read, a truncated file);
 * - a row the underlying filter keeps has no timestamp or expiration, or one outside 1990–2100, a
 *   type other than call/put, or a number DuckDB reads as ±inf or NaN (the line reader refuses them);
 *   a symbol has no "-";
 * - the rows are not in interval order (a row earlier than a previous row's interval);
 * - the file's line count is not its row count + 1 (blank lines, quoted line breaks or lone CR
 *   line ends would move the line numbers the dropped rows cite).
 */
export async function scanTardisWithDuckDb(
  path: string,
  options: TardisImportOptions,
): Promise<AsyncGenerator<ChainSnapshot> | undefined> {
  const total = statSync(path).size;
  const gzip = await isGzip(path);
  const lines = countLines(path, gzip); // runs beside DuckDB's scan
  lines.catch(() => {});
  if (headerProblem(path, await firstLine(path, gzip)) !== undefined) return undefined;
  const work = join(tmpdir(), `gexmap-tardis-${randomUUID()}`);
  mkdirSync(work, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: work, preserve_insertion_order: 'true' });
  const c = await instance.connect();
  const cleanup = () => {
    c.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const loaded = await load(c, path, total, options.onProgress);
    if (!loaded) return cleanupAnd(cleanup, undefined);
    const fileLines = await lines;
    if (fileLines !== loaded.rows + 1) return cleanupAnd(cleanup, undefined);
    const intervalMs = options.intervalMs ?? 3_600_000;
    const filter = underlyingFilter(options.underlyings);
    if (!(await rowsAreSound(c, filter, intervalMs))) return cleanupAnd(cleanup, undefined);
    return replay(c, path, options, intervalMs, filter, total, cleanup);
  } catch (e) {
    cleanup();
    throw e;
  }
}

function cleanupAnd<T>(cleanup: () => void, value: T): T {
  cleanup();
  return value;
}

/** The numeric columns the snapshots use, as named in the file. */
const NUMERIC = [
  'timestamp',
  'strike_price',
  'expiration',
  'open_interest',
  'mark_price',
  'mark_iv',
  'underlying_price',
] as const;

/**
 * A cell DuckDB reads as a number but the line reader (JavaScript's Number) would not: DuckDB also
 * takes digit separators (1_000). Cells it cannot read at all (hex, blanks) fail the cast.
 */
const unreadable = (col: string) =>
  `("${col}" IS NOT NULL AND (TRY_CAST("${col}" AS DOUBLE) IS NULL OR contains("${col}", '_')))`;

/**
 * Loads the columns the snapshots use into `rows`, in file order, every cell read as text and the
 * numbers cast here (so that a cell is judged as the line reader judges it); false when DuckDB
 * cannot parse the file as CSV.
 */
async function load(
  c: DuckDBConnection,
  path: string,
  total: number,
  onProgress: TardisImportOptions['onProgress'],
): Promise<{ rows: number } | false> {
  const columns = TARDIS_OPTIONS_CHAIN_HEADER.map((n) => `'${n}': 'VARCHAR'`).join(', ');
  const poll = onProgress
    ? setInterval(() => {
        const p = c.progress.percentage;
        if (p > 0) onProgress(Math.min(total, Math.round((p / 100) * total)), total);
      }, 250)
    : undefined;
  try {
    await c.run(
      `CREATE TABLE rows AS SELECT symbol, "type" AS kind,
         ${NUMERIC.map((n) => `TRY_CAST("${n}" AS DOUBLE) AS ${n === 'timestamp' ? 'ts' : n}`).join(', ')},
         ${NUMERIC.map(unreadable).join(' OR ')} AS unreadable
       FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
         strict_mode = true, null_padding = false, compression = 'auto', columns = {${columns}})`,
      [path],
    );
  } catch {
    return false; // the line reader names the line and field
  } finally {
    if (poll) clearInterval(poll);
  }
  const [[n]] = (await c.runAndReadAll('SELECT count(*) FROM rows')).getRows() as [[bigint]];
  return { rows: Number(n) };
}

/** The SQL condition of `--underlying`: the part of the symbol before its first "-". */
function underlyingFilter(underlyings: readonly string[] | undefined): string {
  if (underlyings === undefined) return 'true';
  const list = underlyings.map((u) => `'${u.toUpperCase().replaceAll("'", "''")}'`).join(', ');
  return `split_part(symbol, '-', 1) IN (${list})`;
}

const msOf = (col: string) => `floor(${col} / 1000)`;
const outside = (col: string) =>
  `(${col} IS NULL OR NOT isfinite(${col}) OR ${msOf(col)} < ${EARLIEST_INSTANT} OR ${msOf(col)} > ${LATEST_INSTANT})`;
const notFinite = (col: string) => `(isinf(${col}) OR isnan(${col}))`;

/** Every kept row is one the line reader would take without an error, and the intervals never go back. */
async function rowsAreSound(c: DuckDBConnection, filter: string, intervalMs: number): Promise<boolean> {
  const [[symbols]] = (
    await c.runAndReadAll(`SELECT count(*) FROM rows WHERE symbol IS NULL OR strpos(symbol, '-') = 0`)
  ).getRows() as [[bigint]];
  if (symbols !== 0n) return false;
  const [[bad]] = (
    await c.runAndReadAll(
      `SELECT count(*) FROM rows WHERE (${filter}) AND (unreadable OR ${outside('ts')} OR ${outside('expiration')}
         OR kind IS NULL OR kind NOT IN ('call', 'put')
         OR ${['strike_price', 'open_interest', 'mark_price', 'mark_iv', 'underlying_price'].map(notFinite).join(' OR ')})`,
    )
  ).getRows() as [[bigint]];
  if (bad !== 0n) return false;
  // in interval order: each interval's rows come after every row of the intervals before it
  const [[backwards]] = (
    await c.runAndReadAll(
      `SELECT count(*) FROM (
         SELECT lo, max(hi) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM (SELECT floor(${msOf('ts')} / ${intervalMs}) AS b, min(rowid) AS lo, max(rowid) AS hi
               FROM rows WHERE ${filter} GROUP BY b))
       WHERE lo < before`,
    )
  ).getRows() as [[bigint]];
  return backwards === 0n;
}

/** Replays each interval's last row per option (in first-row order) through the snapshot state. */
async function* replay(
  c: DuckDBConnection,
  path: string,
  options: TardisImportOptions,
  intervalMs: number,
  filter: string,
  total: number,
  cleanup: () => void,
): AsyncGenerator<ChainSnapshot> {
  try {
    const intervals = new TardisIntervals(path, options.maxIv ?? 5);
    // per interval and option: the first row (where a new option enters) and the last (its values)
    const result = await c.stream(
      `WITH cells AS (SELECT floor(${msOf('ts')} / ${intervalMs}) AS b, symbol, min(rowid) AS first, max(rowid) AS last
                     FROM rows WHERE ${filter} GROUP BY b, symbol)
       SELECT cells.b, cells.symbol, r.kind, r.strike_price, r.expiration, r.open_interest, r.mark_price,
              r.mark_iv, r.underlying_price, cells.last + 2 AS line
       FROM cells JOIN rows r ON r.rowid = cells.last
       ORDER BY cells.b, cells.first`,
    );
    let bucketEnd: number | undefined;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const cols = chunk.getColumns();
      const [b, symbol, kind, strike, expiration, oi, mark, markIv, underlyingPrice, line] = cols as [
        number[],
        string[],
        string[],
        (number | null)[],
        number[],
        (number | null)[],
        (number | null)[],
        (number | null)[],
        (number | null)[],
        bigint[],
      ];
      for (let i = 0; i < chunk.rowCount; i++) {
        const end = ((b[i] as number) + 1) * intervalMs;
        bucketEnd ??= end;
        while (end > bucketEnd) {
          yield* intervals.snapshots(bucketEnd);
          bucketEnd += intervalMs;
        }
        const name = symbol[i] as string;
        const where = `line ${line[i]}`;
        const underlying = name.slice(0, name.indexOf('-'));
        intervals.set(
          underlying,
          Number(line[i]),
          tardisQuote({
            symbol: name,
            linear: underlying.includes('_'),
            type: kind[i] === 'call' ? 'C' : 'P',
            expiryMs: checkInstant(where, 'expiration', Math.floor((expiration[i] as number) / 1000)),
            strike: strike[i] ?? Number.NaN,
            openInterest: oi[i] ?? Number.NaN,
            markIvPercent: markIv[i] ?? Number.NaN,
            markPrice: mark[i] ?? Number.NaN,
            underlyingPrice: underlyingPrice[i] ?? Number.NaN,
          }),
        );
      }
    }
    if (bucketEnd !== undefined) yield* intervals.snapshots(bucketEnd);
    options.onProgress?.(total, total);
  } finally {
    cleanup();
  }
}

async function isGzip(path: string): Promise<boolean> {
  const head = await readStart(path, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
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

/**
 * The number of lines a line reader sees: LF count, plus a last line without LF; a lone CR (not
 * followed by LF) counts as a line end too, so it makes the count disagree and the file go the
 * line-by-line way.
 */
async function countLines(path: string, gzip: boolean): Promise<number> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  let lf = 0;
  let loneCr = 0;
  let last = -1;
  for await (const part of stream) {
    const buf = part as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lf++;
    for (let i = buf.indexOf(13); i >= 0; i = buf.indexOf(13, i + 1)) {
      const next = i + 1 < buf.length ? buf[i + 1] : undefined;
      if (next !== 10 && next !== undefined) loneCr++;
    }
    if (last === 13 && buf[0] !== 10) loneCr++;
    if (buf.length > 0) last = buf[buf.length - 1] as number;
  }
  return lf + loneCr + (last !== 10 && last !== -1 ? 1 : 0);
}
