export { DERIBIT_EXPIRY_HOUR_UTC, type DeribitOptionName, parseDeribitOptionName } from './instrumentName.js';
export { type DeribitChainInput, parseDeribitChain } from './parse.js';
export type {
  DeribitAnswer,
  DeribitBookSummary,
  DeribitInstrument,
  DeribitRpcError,
  DeribitRpcResult,
  DeribitTickSizeStep,
} from './payloads.js';
export { DERIBIT_INSTRUMENTS_FILE, DERIBIT_SUMMARIES_FILE, type DeribitReadOptions, readDeribitDir } from './read.js';
