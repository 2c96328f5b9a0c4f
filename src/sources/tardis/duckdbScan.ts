import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
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

/**
 * The fast scanner of a Tardis options_chain file: one DuckDB query reads the nine columns the
 * snapshots use with DuckDB's own CSV reader (and its own gzip reader), numbers each row in file
 * order (`WITH ORDINALITY`) and groups the rows per interval and option into the interval's first
 * row (which fixes where a new option enters the snapshot's order) and its last (its values, its
 * line), flagging any row the line reader would refuse. The groups are then replayed through the
 * same `TardisIntervals` state as the line-by-line scanner, so both give the same snapshots, option
 * for option. The whole file is read once by DuckDB and once by a byte scan beside it; no table is
 * built.
 *
 * It vouches only for files whose every row it has checked, and answers `undefined` (read the file
 * line by line instead, which raises the exact error) when any of these holds:
 * - the first line is not the options_chain header, or DuckDB cannot parse a cell or a row (a wrong
 *   cell count, a number it cannot read, a truncated file);
 * - the text holds a double quote, a CR, a blank line or a `_` between two digits: quoted line
 *   breaks, blank lines and CR line ends would move the line numbers the dropped rows cite, and
 *   DuckDB reads `1_000` as 1000 where the line reader's `Number` refuses it;
 * - a row the underlying filter keeps has no symbol, no timestamp or expiration, or one outside
 *   1990–2100, a type other than call/put, or a number DuckDB reads as ±inf or NaN (the line reader
 *   refuses them);
 * - the kept rows are not in interval order (a row earlier than a previous row's interval).
 */
export async function scanTardisWithDuckDb(
  path: string,
  options: TardisImportOptions,
): Promise<AsyncGenerator<ChainSnapshot> | undefined> {
  const total = statSync(path).size;
  const gzip = await isGzip(path);
  const plain = readsAsLines(path, gzip); // runs beside DuckDB's scan
  plain.catch(() => {});
  if (headerProblem(path, await firstLine(path, gzip)) !== undefined) return undefined;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const groups = await groupRows(path, intervalMs, total, options.onProgress);
  if (!(await plain) || groups === undefined) return undefined;
  const kept = keptGroups(groups, options.underlyings);
  if (kept === undefined) return undefined;
  return replay(groups, kept, path, options, intervalMs, total);
}

/** The columns of the per-interval, per-option groups, in interval and first-row order. */
interface Groups {
  readonly b: (number | null)[];
  readonly symbol: (string | null)[];
  readonly first: bigint[];
  readonly last: bigint[];
  readonly kind: (string | null)[];
  readonly strike: (number | null)[];
  readonly expiration: (number | null)[];
  readonly oi: (number | null)[];
  readonly mark: (number | null)[];
  readonly markIv: (number | null)[];
  readonly underlyingPrice: (number | null)[];
  readonly bad: (boolean | null)[];
}

const msOf = (col: string) => `floor("${col}" / 1000)`;
const outside = (col: string) =>
  `("${col}" IS NULL OR NOT isfinite("${col}") OR ${msOf(col)} < ${EARLIEST_INSTANT} OR ${msOf(col)} > ${LATEST_INSTANT})`;
const notFinite = (col: string) => `isinf("${col}") OR isnan("${col}")`;
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

/**
 * Reads the file in one DuckDB query into its groups (see the module doc); undefined when DuckDB
 * cannot parse it as CSV. The numeric cells are read as DOUBLE by DuckDB's reader, which reads
 * every number `Number` reads the same (both round correctly) and refuses the rest but for
 * digit separators, ±inf and NaN, which are flagged here or by the byte scan.
 */
async function groupRows(
  path: string,
  intervalMs: number,
  total: number,
  onProgress: TardisImportOptions['onProgress'],
): Promise<Groups | undefined> {
  // ordinality numbers the rows in file order (DuckDB runs the numbering in one ordered stream)
  const columns = TARDIS_OPTIONS_CHAIN_HEADER.map((n) => `'${n}': '${NUMERIC.has(n) ? 'DOUBLE' : 'VARCHAR'}'`).join(
    ', ',
  );
  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const c = await instance.connect();
  const poll = onProgress
    ? setInterval(() => {
        const p = c.progress.percentage;
        if (p > 0) onProgress(Math.min(total, Math.round((p / 100) * total)), total);
      }, 250)
    : undefined;
  try {
    const reader = await c.runAndReadAll(
      `SELECT floor(${msOf('timestamp')} / ${intervalMs}) AS b, symbol, min(ordinality) AS first, max(ordinality) AS last,
         ${LAST.map((n) => `arg_max_null("${n}", ordinality)`).join(', ')},
         coalesce(bool_or(${outside('timestamp')} OR ${outside('expiration')} OR "type" IS NULL OR "type" NOT IN ('call', 'put')
           OR ${['strike_price', 'open_interest', 'mark_price', 'mark_iv', 'underlying_price'].map(notFinite).join(' OR ')}), false) AS bad
       FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '', escape = '',
         strict_mode = true, null_padding = false, compression = 'auto', columns = {${columns}}) WITH ORDINALITY
       GROUP BY b, symbol
       ORDER BY b, first`,
      [path],
    );
    const [b, symbol, first, last, kind, strike, expiration, oi, mark, markIv, underlyingPrice, bad] =
      reader.getColumns() as unknown[][];
    return { b, symbol, first, last, kind, strike, expiration, oi, mark, markIv, underlyingPrice, bad } as Groups;
  } catch {
    return undefined; // the line reader names the line and field
  } finally {
    if (poll) clearInterval(poll);
    c.closeSync();
    instance.closeSync();
  }
}

/**
 * The groups the underlying filter keeps (by the line reader's own `underlyingOf`), or undefined
 * when one holds a row the line reader would refuse or the kept rows go back to an earlier interval:
 * every interval's rows must come after all rows of the intervals before it.
 */
function keptGroups(g: Groups, underlyings: readonly string[] | undefined): number[] | undefined {
  const only = underlyings ? new Set(underlyings.map((u) => u.toUpperCase())) : undefined;
  const kept: number[] = [];
  let bucket: number | undefined;
  let before = 0n; // the last row of the intervals before this one
  let upTo = 0n; // the last row so far
  for (let i = 0; i < g.b.length; i++) {
    const symbol = g.symbol[i];
    if (symbol === null || symbol === undefined) return undefined;
    if (only && !only.has(underlyingOf(symbol))) continue;
    if (g.bad[i] === true || g.b[i] === null) return undefined;
    if (g.b[i] !== bucket) {
      bucket = g.b[i] as number;
      before = upTo;
    }
    const first = g.first[i] as bigint;
    const last = g.last[i] as bigint;
    if (first < before) return undefined;
    if (last > upTo) upTo = last;
    kept.push(i);
  }
  return kept;
}

/** Replays each interval's last row per option (in first-row order) through the snapshot state. */
async function* replay(
  g: Groups,
  kept: readonly number[],
  path: string,
  options: TardisImportOptions,
  intervalMs: number,
  total: number,
): AsyncGenerator<ChainSnapshot> {
  const intervals = new TardisIntervals(path, options.maxIv ?? 5);
  let bucketEnd: number | undefined;
  for (const i of kept) {
    const end = ((g.b[i] as number) + 1) * intervalMs;
    bucketEnd ??= end;
    while (end > bucketEnd) {
      yield* intervals.snapshots(bucketEnd);
      bucketEnd += intervalMs;
    }
    const name = g.symbol[i] as string;
    const line = Number(g.last[i]) + 1; // the header is line 1, the first row ordinality 1
    const underlying = underlyingOf(name);
    intervals.set(
      underlying,
      line,
      tardisQuote({
        symbol: name,
        linear: underlying.includes('_'),
        type: g.kind[i] === 'call' ? 'C' : 'P',
        expiryMs: checkInstant(`line ${line}`, 'expiration', Math.floor((g.expiration[i] as number) / 1000)),
        strike: g.strike[i] ?? Number.NaN,
        openInterest: g.oi[i] ?? Number.NaN,
        markIvPercent: g.markIv[i] ?? Number.NaN,
        markPrice: g.mark[i] ?? Number.NaN,
        underlyingPrice: g.underlyingPrice[i] ?? Number.NaN,
      }),
    );
  }
  if (bucketEnd !== undefined) yield* intervals.snapshots(bucketEnd);
  options.onProgress?.(total, total);
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

function contentOf(path: string, gzip: boolean) {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return gzip ? stream.pipe(createGunzip({ chunkSize: 1 << 20 })) : stream;
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

const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 48 && byte <= 57;

/**
 * Whether DuckDB's rows are the file's lines, row k on line k + 1, read cell for cell as the line
 * reader reads them: the text holds no double quote (no quoted cell, so no quoted line break), no
 * CR (no CRLF or lone-CR line ends, which the line reader splits on too), no blank line (DuckDB
 * skips it, the line reader counts it) and no `_` between two digits (a digit separator DuckDB
 * reads in a number). A few memchr-like searches per megabyte, beside DuckDB's scan; false also
 * when a gzip stream is damaged (the line reader then says so).
 */
async function readsAsLines(path: string, gzip: boolean): Promise<boolean> {
  let previous: number | undefined; // the last byte of the previous part
  let underscoreAtEnd = false; // the previous part ended in digit, `_`
  try {
    for await (const chunk of contentOf(path, gzip)) {
      const part = chunk as Buffer;
      if (part.length === 0) continue;
      if (part.indexOf(34) >= 0 || part.indexOf(13) >= 0 || part.indexOf('\n\n') >= 0) return false;
      if (previous === 10 && part[0] === 10) return false;
      if (underscoreAtEnd && isDigit(part[0])) return false;
      if (part.indexOf(95) >= 0) {
        const text = part.toString('latin1');
        for (let i = text.indexOf('_'); i >= 0; i = text.indexOf('_', i + 1)) {
          const before = i > 0 ? text.charCodeAt(i - 1) : previous;
          if (isDigit(before) && isDigit(i + 1 < text.length ? text.charCodeAt(i + 1) : undefined)) return false;
        }
        underscoreAtEnd = text.endsWith('_') && isDigit(text.length > 1 ? text.charCodeAt(text.length - 2) : previous);
      } else underscoreAtEnd = false;
      previous = part[part.length - 1];
    }
  } catch {
    return false;
  }
  return true;
}
