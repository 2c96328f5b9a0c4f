import { appendFile, readFile } from 'node:fs/promises';
import { stripBom } from '../../../chain/jsonInput.js';
import { jsonSyntaxError } from '../../../chain/jsonSyntax.js';
import { ChainInputError } from '../../../chain/types.js';
import { escapeText } from '../../../core/escape.js';
import { splitLines } from '../../../core/lines.js';
import { isRecord } from '../../venue/json.js';
import { parseTrade, parseTrades, type TapeTrade } from './parse.js';

/**
 * Reads a recorded tape: JSON lines of Deribit public trades (what appendTapeFile writes), a JSON
 * array of them, or a saved public/get_last_trades_by_currency_and_time answer; a byte-order mark
 * is skipped. A bad trade is an error that names the line (or index) and the field.
 */
export async function readTapeFile(path: string): Promise<TapeTrade[]> {
  const text = stripBom(await readFile(path, 'utf8'));
  const file = escapeText(path, 300);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole)) return parseTrades(whole, file);
  if (isRecord(whole)) {
    const result = isRecord(whole.result) ? whole.result : whole;
    if (Array.isArray(result.trades)) return parseTrades(result.trades, file);
  }
  const trades: TapeTrade[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      const stop = jsonSyntaxError(line);
      const why = stop === undefined ? '' : ` (${stop.problem} at column ${stop.at + 1})`;
      throw new ChainInputError(`${file}: line ${i + 1} is not JSON${why}`, `line ${i + 1}`, 'json');
    }
    try {
      trades.push(parseTrade(row, i, 'tape'));
    } catch (e) {
      if (!(e instanceof ChainInputError)) throw e;
      throw new ChainInputError(`${file}: line ${i + 1}: ${e.message}`, `line ${i + 1}`, e.field);
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
