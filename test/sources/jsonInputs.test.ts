import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonInputError } from '../../src/chain/jsonInput.js';
import { ChainInputError } from '../../src/chain/types.js';
import { readCsvMapping, readGenericCsv } from '../../src/sources/csv/generic.js';
import { DERIBIT_INSTRUMENTS_FILE, DERIBIT_SUMMARIES_FILE, readDeribitDir } from '../../src/sources/deribit/index.js';
import { appendTapeFile, readTapeFile, type TapeTrade } from '../../src/sources/deribit/tape/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { HOSTILE, TERMINAL_UNSAFE } from '../support/terminal.js';

const BOM = '\ufeff';
const FIXTURES = new URL('../fixtures/csv/', import.meta.url);
const scratch = () => mkdtempSync(join(tmpdir(), 'gexmap-json-'));
const real = (file: string) => readFileSync(resolve(DERIBIT_BTC_DIR, file), 'utf8');

/** The recorded Deribit answers copied into a scratch folder, each edited by `edit` (text in, text out). */
function deribitDir(edit: (file: string, text: string) => string): string {
  const dir = scratch();
  for (const f of [DERIBIT_INSTRUMENTS_FILE, DERIBIT_SUMMARIES_FILE]) writeFileSync(join(dir, f), edit(f, real(f)));
  return dir;
}

async function rejection(p: Promise<unknown>): Promise<ChainInputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChainInputError);
    return e as ChainInputError;
  }
  throw new Error('expected a ChainInputError');
}

describe('recorded Deribit answers read from files', () => {
  it('read the same chain when each file starts with a UTF-8 byte-order mark', async () => {
    const plain = await readDeribitDir(DERIBIT_BTC_DIR, { source: 'x' });
    const withBom = await readDeribitDir(
      deribitDir((_, text) => BOM + text),
      { source: 'x' },
    );
    expect(withBom).toEqual(plain);
    expect(withBom.options).toHaveLength(686);
  });

  it('name the file, line and column of a syntax error, with no raw control bytes', async () => {
    const dir = deribitDir((f, text) =>
      f === DERIBIT_SUMMARIES_FILE ? text.replace('"mark_iv":', `"mark_iv":${HOSTILE}`) : text,
    );
    const err = await rejection(readDeribitDir(dir));
    expect(err).toBeInstanceOf(JsonInputError);
    expect(err.message).toMatch(
      /get_book_summary_by_currency\.json: get_book_summary_by_currency is not JSON: unexpected "\\u001b" at line \d+, column \d+$/,
    );
    expect(err.message).not.toMatch(TERMINAL_UNSAFE);
  });

  it('name the shape a file is not (an answer that is neither a result array nor a JSON-RPC answer)', async () => {
    const dir = deribitDir((f, text) =>
      f === DERIBIT_INSTRUMENTS_FILE ? JSON.stringify({ result: { rows: JSON.parse(text) } }) : text,
    );
    const err = await rejection(readDeribitDir(dir));
    expect(err.message).toMatch(/get_instruments\.json: get_instruments\.result: expected array, got object$/);
  });

  it('keep the per-instrument message of a bad row, with the text it quotes escaped', async () => {
    const edit = (f: string, text: string) => {
      const rows = JSON.parse(text) as Record<string, unknown>[];
      if (f === DERIBIT_INSTRUMENTS_FILE) (rows[0] as Record<string, unknown>).kind = HOSTILE;
      return JSON.stringify(rows);
    };
    const kind = await rejection(readDeribitDir(deribitDir(edit)));
    expect(kind.field).toBe('kind');
    expect(kind.message).toContain('kind ("\\u001b[31mRED\\u001b[2J\\r\\nfake line\\u0007\\u202e") is not "option"');
    const named = await rejection(
      readDeribitDir(
        deribitDir((f, text) => {
          const rows = JSON.parse(text) as Record<string, unknown>[];
          if (f === DERIBIT_SUMMARIES_FILE) (rows[0] as Record<string, unknown>).instrument_name = `BTC${HOSTILE}`;
          return JSON.stringify(rows);
        }),
      ),
    );
    expect(named.message).toMatch(/^BTC\\u001b\[31mRED.*: in get_book_summary_by_currency but not in get_instruments$/);
    for (const err of [kind, named]) expect(err.message).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('the column mapping of a generic CSV', () => {
  const mappingText = () => readFileSync(new URL('mapping.json', FIXTURES), 'utf8');
  const write = (text: string) => {
    const file = join(scratch(), 'mapping.json');
    writeFileSync(file, text);
    return file;
  };

  it('is read with a byte-order mark, and the chain with it', async () => {
    const dir = scratch();
    copyFileSync(new URL('chain.csv', FIXTURES), join(dir, 'chain.csv'));
    writeFileSync(join(dir, 'mapping.json'), BOM + mappingText());
    const s = await readGenericCsv(join(dir, 'chain.csv'), join(dir, 'mapping.json'));
    expect(s.venue).toBe('desk');
    expect(s.options.length).toBeGreaterThan(0);
  });

  it('names the file and the path of a wrong type instead of failing inside the reader', async () => {
    const m = JSON.parse(mappingText());
    m.typeWords = { call: [1], put: ['P'] };
    const file = write(JSON.stringify(m));
    const err = await rejection(readCsvMapping(file));
    expect(err.message).toBe(`${file}: mapping.typeWords.call[0]: expected string, got number`);
    expect(err.field).toBe('mapping.typeWords.call[0]');
  });

  it('refuses a misspelt key, a percent rate and a call word that is also a put word', async () => {
    const m = JSON.parse(mappingText());
    expect((await rejection(readCsvMapping(write(JSON.stringify({ ...m, multipler: 100 }))))).message).toMatch(
      /mapping: unknown key "multipler"$/,
    );
    expect((await rejection(readCsvMapping(write(JSON.stringify({ ...m, rate: 4 }))))).message).toMatch(
      /mapping\.rate: 4 would be 400 %: write a decimal fraction \(0\.04 for 4 %\)$/,
    );
    const words = { ...m, typeWords: { call: ['C', 'x'], put: ['X'] } };
    expect(await rejection(readCsvMapping(write(JSON.stringify(words))))).toMatchObject({
      message: expect.stringMatching(/mapping\.typeWords\.put: "X" is also a call word$/),
    });
  });

  it('escapes what it quotes from the file and refuses a venue name holding control characters', async () => {
    const m = JSON.parse(mappingText());
    const unit = await rejection(readCsvMapping(write(JSON.stringify({ ...m, ivUnit: HOSTILE }))));
    expect(unit.message).toMatch(
      /mapping\.ivUnit: "\\u001b\[31mRED\\u001b\[2J\\r\\nfake line\\u0007\\u202e" is not one of/,
    );
    const venue = await rejection(readCsvMapping(write(JSON.stringify({ ...m, venue: HOSTILE }))));
    expect(venue.message).toMatch(/mapping\.venue: holds control characters$/);
    for (const err of [unit, venue]) expect(err.message).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('a recorded trade tape', () => {
  const trades: TapeTrade[] = [
    {
      tradeId: '1',
      instrument: 'BTC-28NOV25-90000-C',
      timestamp: 1763568000001,
      direction: 'buy',
      amount: 2,
      price: 0.01,
    },
    {
      tradeId: '2',
      instrument: 'BTC-28NOV25-90000-C',
      timestamp: 1763568000002,
      direction: 'sell',
      amount: 1,
      price: 0.02,
    },
  ];

  it('is read with a byte-order mark, as JSON lines and as a JSON array', async () => {
    const dir = scratch();
    const lines = join(dir, 'tape.jsonl');
    await appendTapeFile(lines, trades);
    writeFileSync(lines, BOM + readFileSync(lines, 'utf8'));
    expect(await readTapeFile(lines)).toEqual(trades);
    const array = join(dir, 'tape.json');
    writeFileSync(array, `${BOM}[${readFileSync(lines, 'utf8').slice(1).trim().split('\n').join(',')}]`);
    expect(await readTapeFile(array)).toEqual(trades);
  });

  it('names the line of a bad trade and escapes what it quotes', async () => {
    const file = join(scratch(), 'tape.jsonl');
    await appendTapeFile(file, trades);
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}{"trade_id":"3","direction":${JSON.stringify(HOSTILE)}}\n{${HOSTILE}\n`,
    );
    const bad = await rejection(readTapeFile(file));
    expect(bad.message).toMatch(
      /tape\.jsonl: line 3: tape\[2\]: direction \("\\u001b\[31mRED.*\) is not "buy" or "sell" \(tape\)$/,
    );
    writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').slice(0, 2).join('\n')}\n{${HOSTILE}\n`);
    const json = await rejection(readTapeFile(file));
    expect(json.message).toMatch(/tape\.jsonl: line 3 is not JSON \(unexpected "\\u001b" at column 2\)$/);
    const name = {
      trade_id: '4',
      instrument_name: `BTC${HOSTILE}`,
      timestamp: 3,
      direction: 'buy',
      amount: 1,
      price: 1,
    };
    writeFileSync(file, `${JSON.stringify(name)}\n`);
    const named = await rejection(readTapeFile(file));
    expect(named.message).toMatch(/line 1: .*instrument_name \("BTC\\u001b\[31mRED.*\) holds control characters/);
    for (const err of [bad, json, named]) expect(err.message).not.toMatch(TERMINAL_UNSAFE);
  });
});
