export {
  type BackfillOptions,
  type BackfillResult,
  backfillTrades,
  cursorOf,
  GET_TRADES_BY_TIME,
  type TapeCursor,
} from './backfill.js';
export { appendTapeFile, readTapeFile, tradeToJson } from './file.js';
export { parseTrade, parseTrades, parseTradesPage, type TapeTrade } from './parse.js';
export type { DeribitPublicTrade, DeribitTradesPage } from './payloads.js';
export { type InstrumentFlow, TradeTape } from './tape.js';
