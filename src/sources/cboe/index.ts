export { type CalendarDate, NEW_YORK, parseExpirationDate } from './dates.js';
export { parseCboeDelayedJson } from './json.js';
export {
  AM_SETTLED_ROOTS,
  CBOE_EXPIRY_HOUR,
  CBOE_HEADER,
  CBOE_MULTIPLIER,
  type CboeForward,
  type CboeParseOptions,
  parseCboeCsv,
} from './parse.js';
export { type CboeReadOptions, readCboeFile } from './read.js';
export { type OccSymbol, parseOccSymbol, underlyingOfRoot } from './symbol.js';
export { parseCboeDateField, parseTitleDate, type TitleDate } from './titleDate.js';
