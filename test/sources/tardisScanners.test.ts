import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { readsEveryRow, type ScanTuning, scanTardisWithDuckDb } from '../../src/sources/tardis/duckdbScan.js';
import { TARDIS_OPTIONS_CHAIN_HEADER, type TardisImportOptions } from '../../src/sources/tardis/format.js';
import { readTardisOptionsChain } from '../../src/sources/tardis/optionsChain.js';
import { cutRowParts } from '../../src/sources/tardis/rowParts.js';
import { cutRowPartsInWorker } from '../../src/sources/tardis/rowPartsThread.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { seededRandom } from '../support/syntheticChain.js';
import { tardisRow } from '../support/tardisRow.js';

const HOUR = 3_600_000;
let dir: string;
let real: ChainSnapshot;
let file: string;

/**
 * Six hours of a real chain's options ticking at random (several rows per option per hour, equal
 * timestamps across options, an ETH copy, the nearest expiry passing mid-file, an option seen again
 * after its expiry, zero OI and IV-less rows), in time order.
 */
function realFormatFile(): string[] {
  const random = seededRandom(11);
  const t0 = Math.floor(real.asOf / HOUR) * HOUR - 3 * HOUR;
  const nearest = Math.min(...real.options.map((o) => o.expiry));
  const events: { t: number; line: string }[] = [];
  const eth = real.options.slice(0, 80).map((o) => ({ ...o, instrument: o.instrument.replace('BTC', 'ETH') }));
  for (const o of [...real.options, ...eth]) {
    const ticks = 1 + Math.floor(random() * 8);
    for (let k = 0; k < ticks; k++) {
      const t = t0 + Math.floor(random() * 6 * HOUR);
      if (o.expiry === nearest && t > nearest + 1.5 * HOUR && k > 0) continue;
      const jiggle = 1 + (random() - 0.5) * 0.02;
      const ms = Math.floor(t / 1000) * 1000;
      const over: Partial<Record<string, string>> = {
        timestamp: String(ms * 1000 + 7), // µs past the millisecond: both scanners floor to ms
        open_interest: String(k === 2 ? 0 : Math.round(o.openInterest * jiggle * 10) / 10),
        underlying_price: String(o.forward * jiggle),
        ...(k === 3 ? { mark_iv: '' } : {}),
      };
      events.push({ t: ms, line: tardisRow(o, ms, over) });
    }
  }
  // an option of the nearest expiry ticks again two hours after its expiry
  const late = real.options.find((o) => o.expiry === nearest)!;
  events.push({ t: nearest + 2 * HOUR, line: tardisRow(late, nearest + 2 * HOUR) });
  events.sort((a, b) => a.t - b.t);
  return [TARDIS_OPTIONS_CHAIN_HEADER.join(','), ...events.map((e) => e.line)];
}

/** `line` with the cell of `column` replaced. */
function withCell(line: string, column: (typeof TARDIS_OPTIONS_CHAIN_HEADER)[number], value: string): string {
  const cells = line.split(',');
  cells[TARDIS_OPTIONS_CHAIN_HEADER.indexOf(column)] = value;
  return cells.join(',');
}

async function all(gen: AsyncGenerator<ChainSnapshot>): Promise<ChainSnapshot[]> {
  const out: ChainSnapshot[] = [];
  for await (const s of gen) out.push(s);
  return out;
}

const lines = (path: string, options: TardisImportOptions = {}) =>
  all(readTardisOptionsChain(path, { ...options, scanner: 'lines' }));

async function fast(
  path: string,
  options: TardisImportOptions = {},
  tuning?: ScanTuning,
): Promise<ChainSnapshot[] | undefined> {
  const gen = await scanTardisWithDuckDb(path, options, tuning);
  return gen === undefined ? undefined : all(gen);
}

beforeAll(async () => {
  real = await readDeribitDir(DERIBIT_BTC_DIR);
  dir = mkdtempSync(join(tmpdir(), 'gexmap-tardis-scan-'));
  file = join(dir, 'deribit_options_chain_2025-11-19.csv');
  writeFileSync(file, `${realFormatFile().join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the two Tardis scanners', () => {
  it('give the same snapshots, option for option and drop for drop, on a real-format file, plain and gzip', async () => {
    const want = await lines(file);
    expect(want.length).toBeGreaterThanOrEqual(10); // six hours, two underlyings
    expect(want.some((s) => s.dropped.some((d) => d.reason === 'expired'))).toBe(true);
    expect(await fast(file)).toEqual(want);
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(Buffer.from(`${realFormatFile().join('\n')}\n`)));
    const wantGz = want.map((s) => ({ ...s, source: s.source.replace('.csv', '.csv.gz') }));
    expect(await fast(gz)).toEqual(wantGz);
    // cut into parts of 32 kB (about 30): an option's interval spans parts, row numbers go on across them
    expect(await fast(gz, {}, { partBytes: 1 << 15 })).toEqual(wantGz);
    // other intervals and an underlying filter
    for (const options of [{ intervalMs: 15 * 60_000 }, { underlyings: ['eth'] }]) {
      expect(await fast(file, options)).toEqual(await lines(file, options));
    }
  });

  it('both read a gzip file by its bytes, whatever its name', async () => {
    const named = join(dir, 'compressed-without-gz-suffix.csv');
    writeFileSync(named, gzipSync(Buffer.from(`${realFormatFile().join('\n')}\n`)));
    const want = (await lines(file)).map((s) => ({ ...s, source: s.source.replace(basename(file), basename(named)) }));
    expect(await lines(named)).toEqual(want);
    expect(await fast(named)).toEqual(want);
  });

  it('give the same snapshots when a plain file is read in two queries, wherever the first one stops', async () => {
    const want = await lines(file);
    const rows = realFormatFile().length - 1;
    for (const firstLaneRows of [1, 2, Math.floor(rows / 3), rows - 1, rows, rows + 10]) {
      expect(await fast(file, {}, { firstLaneRows }), `first query ${firstLaneRows} of ${rows} rows`).toEqual(want);
    }
    expect(await fast(file, { intervalMs: 15 * 60_000 }, { firstLaneRows: rows >> 1 })).toEqual(
      await lines(file, { intervalMs: 15 * 60_000 }),
    );
  });

  it('vouch for the rows only when they are the file’s lines, each read once', () => {
    const parts = (...rows: number[]) => rows.map((n) => ({ rows: n }));
    expect(readsEveryRow(parts(40, 60), 100, 40)).toBe(true); // a plain file in two queries
    expect(readsEveryRow(parts(100, 0), 100, 140)).toBe(true); // the first query read them all
    expect(readsEveryRow(parts(30, 30, 40), 100, undefined)).toBe(true); // a gzip file's parts
    expect(readsEveryRow(parts(40, 59), 100, 40)).toBe(false); // the second skipped a line too many
    expect(readsEveryRow(parts(39, 61), 100, 40)).toBe(false); // the first stopped a row early
    expect(readsEveryRow(parts(30, 30, 39), 100, undefined)).toBe(false); // a part read a row short
    expect(readsEveryRow(parts(100), 101, undefined)).toBe(false); // a line DuckDB did not read as a row
  });

  it('read names with underscores (the USDC-settled options) DuckDB’s way, with the same snapshots', async () => {
    const body = realFormatFile().map((l, i) => (i > 0 && i % 3 === 0 ? l.replaceAll('BTC-', 'BTC_USDC-') : l));
    const path = join(dir, 'usdc.csv');
    writeFileSync(path, `${body.join('\n')}\n`);
    const want = await lines(path);
    expect(want.map((s) => s.underlying)).toContain('BTC_USDC');
    expect(await fast(path)).toEqual(want);
  });

  it('leave a file DuckDB cannot vouch for to the line reader, which gives the same snapshots or the same error', async () => {
    const body = realFormatFile();
    const cases: Record<string, string[]> = {
      'a blank line between rows': [...body.slice(0, 50), '', ...body.slice(50)],
      'a digit separator DuckDB would read': body.map((l, i) => (i === 40 ? withCell(l, 'open_interest', '1_000') : l)),
      'rows out of interval order': [body[0]!, ...body.slice(1).reverse()],
      'a truncated last row': [...body, body.at(-1)!.slice(0, 30)],
      'an inf DuckDB would read': body.map((l, i) => (i === 7 ? withCell(l, 'strike_price', 'inf') : l)),
      'a -inf DuckDB would read': body.map((l, i) => (i === 9 ? withCell(l, 'open_interest', '-inf') : l)),
      'a NaN DuckDB would read': body.map((l, i) => (i === 11 ? withCell(l, 'mark_price', 'nan') : l)),
      'numbers whose sum overflows': body.map((l, i) =>
        i === 13 ? withCell(withCell(l, 'strike_price', '1e308'), 'underlying_price', '1e308') : l,
      ),
      'a timestamp before 1990': body.map((l, i) => (i === 15 ? withCell(l, 'timestamp', '1000') : l)),
      'no expiration': body.map((l, i) => (i === 17 ? withCell(l, 'expiration', '') : l)),
      'a type other than call or put': body.map((l, i) => (i === 19 ? withCell(l, 'type', 'future') : l)),
      'a quoted cell': body.map((l, i) => (i === 12 ? withCell(l, 'exchange', '"deribit"') : l)),
      'a quoted cell holding a line break': body.map((l, i) => (i === 12 ? withCell(l, 'exchange', '"deri\nbit"') : l)),
      'CRLF line ends': [body.join('\r\n')],
      'a lone CR line end': [body.slice(0, 30).join('\n'), body.slice(30).join('\n')].join('\r').split('\n'),
    };
    for (const [name, text] of Object.entries(cases)) {
      const path = join(dir, `${name.replaceAll(' ', '-')}.csv`);
      writeFileSync(path, `${text.join('\n')}\n`);
      expect(await fast(path), name).toBeUndefined();
      writeFileSync(`${path}.gz`, gzipSync(`${text.join('\n')}\n`));
      expect(await fast(`${path}.gz`, {}, { partBytes: 1 << 15 }), `${name}, gzip in parts`).toBeUndefined();
      expect(await fast(path, {}, { firstLaneRows: 20 }), `${name}, in two queries`).toBeUndefined();
      const viaLines = await lines(path).then(
        (s) => s,
        (e: Error) => e.message,
      );
      const viaAuto = await all(readTardisOptionsChain(path)).then(
        (s) => s,
        (e: Error) => e.message,
      );
      expect(viaAuto, name).toEqual(viaLines);
    }
  });
});

describe('the gzip parts worker', () => {
  /** The parts a cutter makes of `path` (index and text, read as each is handed on) and its row count. */
  async function cutBy(cut: typeof cutRowParts, path: string, name: string) {
    const out = join(dir, name);
    mkdirSync(out, { recursive: true });
    const parts: { index: number; text: string; nextStarted: boolean }[] = [];
    const rows = await cut(path, out, 4096, async (part) => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // a slow reader: the cutter must wait
      const nextStarted = existsSync(join(out, `part-${part.index + 1}.csv`));
      parts.push({ index: part.index, text: readFileSync(part.path, 'utf8'), nextStarted });
    });
    return { rows, parts };
  }

  it('cuts a gzip file into the parts this thread cuts, each whole lines, one at a time', async () => {
    const body = realFormatFile();
    const gz = join(dir, 'parts.csv.gz');
    writeFileSync(gz, gzipSync(`${body.join('\n')}\n`));
    let inThread: string | undefined;
    const worker = await cutBy(
      (...args) =>
        cutRowPartsInWorker(...args, (why) => {
          inThread = why;
        }),
      gz,
      'worker',
    );
    expect(inThread).toBeUndefined(); // it ran in a worker
    const here = await cutBy(cutRowParts, gz, 'thread');
    expect(worker).toEqual(here);
    expect(worker.rows).toBe(body.length - 1);
    expect(worker.parts.length).toBeGreaterThan(5);
    expect(worker.parts.map((p) => p.index)).toEqual(worker.parts.map((_, i) => i));
    expect(worker.parts.every((p) => p.text.endsWith('\n') && !p.nextStarted)).toBe(true);
    expect(worker.parts.map((p) => p.text).join('')).toBe(`${body.slice(1).join('\n')}\n`);
  });

  it('answers no row count for a damaged stream or text the byte check refuses, as this thread does', async () => {
    const body = realFormatFile();
    const whole = gzipSync(`${body.join('\n')}\n`);
    const damaged = join(dir, 'damaged.csv.gz');
    writeFileSync(damaged, whole.subarray(0, whole.length >> 1));
    const quoted = join(dir, 'quoted.csv.gz');
    writeFileSync(
      quoted,
      gzipSync(`${body.map((l, i) => (i === 300 ? withCell(l, 'exchange', '"x"') : l)).join('\n')}\n`),
    );
    for (const path of [damaged, quoted]) {
      expect((await cutBy(cutRowPartsInWorker, path, 'refused-worker')).rows, path).toBeUndefined();
      expect((await cutBy(cutRowParts, path, 'refused-thread')).rows, path).toBeUndefined();
    }
  });
});
