import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { checkInstant } from '../../chain/instant.js';
import { ChainInputError, type ChainSnapshot } from '../../chain/types.js';
import { at } from '../../core/at.js';
import { quote } from '../../core/escape.js';
import { splitCsvLine } from '../csv/splitCsvLine.js';
import {
  COL,
  headerProblem,
  TARDIS_OPTIONS_CHAIN_HEADER,
  type TardisImportOptions,
  TardisIntervals,
  tardisQuote,
  underlyingOf,
} from './format.js';
import { isGzipFile } from './gzipFile.js';

function numberAt(cells: string[], col: keyof typeof COL, where: string): number {
  const text = cells[COL[col]] ?? '';
  const n = text === '' ? Number.NaN : Number(text);
  if (text !== '' && !Number.isFinite(n))
    throw new ChainInputError(`${where}: ${col} (${quote(text)}) is not a number`, where, col);
  return n;
}

/** The line-by-line scanner: every file, with the exact line of every error. */
export async function* readTardisLines(path: string, options: TardisImportOptions = {}): AsyncGenerator<ChainSnapshot> {
  const intervalMs = options.intervalMs ?? 3_600_000;
  const only = options.underlyings ? new Set(options.underlyings.map((u) => u.toUpperCase())) : undefined;
  const total = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = (await isGzipFile(path)) ? stream.pipe(createGunzip()) : stream;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const intervals = new TardisIntervals(path, options.maxIv ?? 5);
  let bucketEnd: number | undefined;
  let lineNo = 0;
  let lastProgress = 0;

  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) {
      const problem = headerProblem(path, line);
      if (problem) throw problem;
      continue;
    }
    if (line === '') continue;
    const where = `line ${lineNo}`;
    const cells = splitCsvLine(line, where);
    if (cells.length !== TARDIS_OPTIONS_CHAIN_HEADER.length)
      throw new ChainInputError(
        `${where}: ${cells.length} cells, expected ${TARDIS_OPTIONS_CHAIN_HEADER.length} (truncated or not options_chain)`,
        where,
        'row',
      );
    const symbol = at(cells, COL.symbol);
    const underlying = underlyingOf(symbol);
    if (only && !only.has(underlying)) continue;
    const timestamp = Math.floor(numberAt(cells, 'timestamp', where) / 1000);
    if (!Number.isFinite(timestamp)) throw new ChainInputError(`${where}: timestamp is missing`, where, 'timestamp');
    checkInstant(where, 'timestamp', timestamp);
    if (bucketEnd === undefined) bucketEnd = (Math.floor(timestamp / intervalMs) + 1) * intervalMs;
    while (timestamp >= bucketEnd) {
      yield* intervals.snapshots(bucketEnd);
      bucketEnd += intervalMs;
    }
    const type = cells[COL.type];
    if (type !== 'call' && type !== 'put')
      throw new ChainInputError(`${where}: type (${quote(type)}) must be call or put`, where, 'type');
    // cells read in this order, so that a row with several bad cells names the same one as ever
    const underlyingPrice = numberAt(cells, 'underlying_price', where);
    const markIvPercent = numberAt(cells, 'mark_iv', where);
    const markPrice = numberAt(cells, 'mark_price', where);
    const expiryMs = checkInstant(where, 'expiration', Math.floor(numberAt(cells, 'expiration', where) / 1000));
    const strike = numberAt(cells, 'strike_price', where);
    const openInterest = numberAt(cells, 'open_interest', where);
    const option = tardisQuote({
      symbol,
      linear: underlying.includes('_'),
      type: type === 'call' ? 'C' : 'P',
      expiryMs,
      strike,
      openInterest,
      markIvPercent,
      markPrice,
      underlyingPrice,
    });
    intervals.set(underlying, lineNo, option);
    if (options.onProgress && lineNo - lastProgress >= 50_000) {
      lastProgress = lineNo;
      options.onProgress(stream.bytesRead, total);
    }
  }
  if (bucketEnd !== undefined) yield* intervals.snapshots(bucketEnd);
  options.onProgress?.(total, total);
}
