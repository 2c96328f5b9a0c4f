export { parsePinDays } from './days.js';
export { readDecimal } from './decimal.js';
export { type DurationQuantity, formatDuration, parseDuration } from './duration.js';
export { parseInstant } from './instant.js';
export { parseBounded, parseInteger } from './integer.js';
export { checkFraction, type PercentQuantity, parsePercent, percentOf } from './percent.js';
export * from './quantities.js';
export { QuantityError, shown } from './quantityError.js';
export { parseRate } from './rate.js';
