import { appendFile, readFile } from 'node:fs/promises';
import { ChainInputError } from '../../../chain/types.js';
import { isRecord } from '../fields.js';
import { parseTrade, parseTrades, type TapeTrade } from './parse.js';

/**
 * Reads a recorded tape: JSON lines of Deribit public trades (what appendTapeFile writes), a JSON
 * array of them, or a saved public/get_last_trades_by_currency_and_time answer. A bad trade is an
 * error that names the line (or index) and the field.
 */
export async function readTapeFile(path: string): Promise<TapeTrade[]> {
  const text = await readFile(path, 'utf8');
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole)) return parseTrades(whole, path);
  if (isRecord(whole)) {
    const result = isRecord(whole.result) ? whole.result : whole;
    if (Array.isArray(result.trades)) return parseTrades(result.trades, path);
  }
  const trades: TapeTrade[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      throw new ChainInputError(
        `${path}: line ${i + 1} is not JSON (${(e as Error).message})`,
        `line ${i + 1}`,
        'json',
      );
    }
    try {
      trades.push(parseTrade(row, i, path));
    } catch (e) {
      if (!(e instanceof ChainInputError)) throw e;
      throw new ChainInputError(`${path}: line ${i + 1}: ${e.message}`, `line ${i + 1}`, e.field);
    }
  }
  return trades;
}

/** The Deribit-named fields of a trade, one JSON object. */
export function tradeToJson(t: TapeTrade): Record<string, unknown> {
  return {
    trade_id: t.tradeId,
    instrument_name: t.instrument,
    timestamp: t.timestamp,
    direction: t.direction,
    amount: t.amount,
    price: t.price,
    ...(t.blockTradeId !== undefined ? { block_trade_id: t.blockTradeId } : {}),
  };
}

/** Appends trades to a tape file, one JSON line each (creates the file). */
export async function appendTapeFile(path: string, trades: readonly TapeTrade[]): Promise<void> {
  if (trades.length === 0) return;
  await appendFile(path, `${trades.map((t) => JSON.stringify(tradeToJson(t))).join('\n')}\n`, 'utf8');
}
