export { backfillTrades, type TapeCursor } from './backfill.js';
export { appendTapeFile, readTapeFile } from './file.js';
export type { TapeTrade } from './parse.js';
export { TradeTape } from './tape.js';
