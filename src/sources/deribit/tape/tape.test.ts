import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChainInputError } from '../../../chain/types.js';
import { cursorOf } from './backfill.js';
import { appendTapeFile, readTapeFile } from './file.js';
import { parseTrade, type TapeTrade } from './parse.js';
import { TradeTape } from './tape.js';

const trade = (
  id: string,
  instrument: string,
  direction: 'buy' | 'sell',
  amount: number,
  timestamp: number,
  block?: string,
): TapeTrade => ({
  tradeId: id,
  instrument,
  direction,
  amount,
  price: 0.01,
  timestamp,
  ...(block ? { blockTradeId: block } : {}),
});

describe('TradeTape', () => {
  it('sums taker buys minus taker sells per instrument, block trades included', () => {
    const tape = new TradeTape();
    tape.add([
      trade('1', 'A', 'buy', 2, 10),
      trade('2', 'A', 'sell', 0.5, 20),
      trade('3', 'A', 'buy', 25, 15, 'BLK-1'),
    ]);
    expect(tape.flowByInstrument().get('A')).toEqual({
      net: 26.5,
      trades: 3,
      blockTrades: 1,
      firstTrade: 10,
      lastTrade: 20,
    });
  });

  it('takes each trade id once, whatever repeats it (backfill pages, stream, gap fills)', () => {
    const tape = new TradeTape();
    expect(tape.add([trade('1', 'A', 'buy', 2, 10)])).toBe(1);
    expect(tape.add([trade('1', 'A', 'buy', 2, 10), trade('2', 'B', 'sell', 1, 5)])).toBe(1);
    expect(tape.size).toBe(2);
    expect(tape.flowByInstrument().get('A')?.net).toBe(2);
    expect([tape.firstTimestamp, tape.lastTimestamp]).toEqual([5, 10]);
    expect(tape.trades().map((t) => t.tradeId)).toEqual(['2', '1']);
  });
});

describe('public trade parser', () => {
  const row = {
    trade_id: '372189',
    trade_seq: 12,
    instrument_name: 'BTC-28NOV25-90000-P',
    timestamp: 1763550000000,
    direction: 'sell',
    amount: 1.5,
    price: 0.025,
    iv: 50.12,
    index_price: 91600,
    tick_direction: 1,
  };

  it('reads the taker direction, amount and block id', () => {
    expect(parseTrade({ ...row, block_trade_id: 'B1' }, 0)).toEqual({
      tradeId: '372189',
      instrument: 'BTC-28NOV25-90000-P',
      timestamp: 1763550000000,
      direction: 'sell',
      amount: 1.5,
      price: 0.025,
      blockTradeId: 'B1',
    });
  });

  it('names the trade and the field of a timestamp outside 1990–2100 (seconds for milliseconds)', () => {
    expect(() => parseTrade({ ...row, timestamp: 1763550000 }, 0)).toThrow(
      /^BTC-28NOV25-90000-P: timestamp \(1763550000\) is not an epoch-ms instant between 1990-01-01 and 2100-01-01/,
    );
  });

  it('names the trade and the field of a bad direction or amount', () => {
    expect(() => parseTrade({ ...row, direction: 'hold' }, 0)).toThrow(/372189|direction/);
    try {
      parseTrade({ ...row, amount: -1, instrument_name: 'BTC-X' }, 0);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ChainInputError);
      expect((e as ChainInputError).field).toBe('amount');
    }
  });
});

/** a trade time on the day of the recorded chain (2025-11-19) */
const T0 = 1763550000000;

describe('tape files', () => {
  it('round-trips trades through JSON lines and resumes from the last millisecond', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gexmap-tape-')), 'tape.jsonl');
    const trades = [
      trade('1', 'A', 'buy', 2, T0 + 10),
      trade('2', 'A', 'sell', 1, T0 + 20, 'BLK'),
      trade('3', 'B', 'buy', 1, T0 + 20),
    ];
    await appendTapeFile(path, trades.slice(0, 2));
    await appendTapeFile(path, trades.slice(2));
    expect(await readTapeFile(path)).toEqual(trades);
    expect(cursorOf(trades)).toEqual({ timestamp: T0 + 20, tradeIds: ['2', '3'] });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ])('reads JSON lines ended by %s as by LF (a lone CR made the whole file one line)', async (_, end) => {
    const path = join(mkdtempSync(join(tmpdir(), 'gexmap-tape-')), 'tape.jsonl');
    const trades = [trade('1', 'A', 'buy', 2, T0 + 10), trade('2', 'B', 'sell', 1, T0 + 20)];
    await appendTapeFile(path, trades);
    const lf = await readFile(path, 'utf8');
    writeFileSync(path, lf.replace(/\n/g, end));
    expect(await readTapeFile(path)).toEqual(trades);
  });

  it('reads a saved get_last_trades answer and a JSON array', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-tape-'));
    const raw = { trade_id: '9', instrument_name: 'A', timestamp: T0, direction: 'buy', amount: 1, price: 1 };
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ jsonrpc: '2.0', result: { trades: [raw], has_more: false } }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify([raw]));
    expect((await readTapeFile(join(dir, 'a.json'))).map((t) => t.tradeId)).toEqual(['9']);
    expect((await readTapeFile(join(dir, 'b.json'))).map((t) => t.tradeId)).toEqual(['9']);
  });

  it('names the line of a broken tape', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gexmap-tape-')), 'bad.jsonl');
    writeFileSync(
      path,
      '{"trade_id":"1","instrument_name":"A","timestamp":1763550000000,"direction":"buy","amount":1,"price":1}\n{"trade_id":\n',
    );
    await expect(readTapeFile(path)).rejects.toThrow(/line 2/);
  });
});
