export { type CalendarDate, NEW_YORK, parseCboeDateField, parseExpirationDate } from './dates.js';
export { parseCboeDelayedJson } from './json.js';
export { CBOE_EXPIRY_HOUR, CBOE_HEADER, CBOE_MULTIPLIER, type CboeParseOptions, parseCboeCsv } from './parse.js';
export { type CboeReadOptions, readCboeFile } from './read.js';
export { type OccSymbol, parseOccSymbol, underlyingOfRoot } from './symbol.js';
