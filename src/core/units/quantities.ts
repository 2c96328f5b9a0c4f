import type { DurationQuantity } from './duration.js';
import type { PercentQuantity } from './percent.js';

// The bounds of every percentage and duration the CLI and the API read, in one place so the two cannot drift.
// Below 0.1 % a half-width holds no strike of any chain; at 100 % the range would reach a spot of 0.

/** Half-width of the GEX profile (flip search) around spot. */
export const PROFILE_RANGE: PercentQuantity = { name: 'range', of: 'of spot', min: 0.1, max: 99, example: 20 };
/** Half-width of the pin band around spot. */
export const PIN_BAND: PercentQuantity = { name: 'pin band', of: 'of spot', min: 0.1, max: 99, example: 5 };
/** Largest move of the hedge-flow grid. */
export const FLOW_RANGE: PercentQuantity = { name: 'flow range', of: 'of spot', min: 0.1, max: 99, example: 10 };
/** A hypothetical spot move (the assistant interface's what-if): spot stays above 0. */
export const SPOT_MOVE: PercentQuantity = { name: 'move', of: 'of spot', min: -99, max: 99, example: -5 };
/** Price change over the playbook's lookback: a fall of 100 % or more, or a rise beyond 1,000 %, is no market. */
export const SPOT_CHANGE: PercentQuantity = {
  name: 'spot change',
  of: 'price change',
  min: -99.99,
  max: 1000,
  example: -3,
};

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `record --every`: bare number in seconds. */
export const RECORD_EVERY: DurationQuantity = { minMs: 100, maxMs: 7 * DAY, bareUnit: 's' };
/** `import-tardis --interval`: bare number in seconds. */
export const SNAPSHOT_INTERVAL: DurationQuantity = { minMs: SECOND, maxMs: 7 * DAY, bareUnit: 's' };
/** `backtest --horizon`: bare number in hours. */
export const BACKTEST_HORIZON: DurationQuantity = { minMs: 60 * SECOND, maxMs: 366 * DAY, bareUnit: 'h' };
