import { z } from 'zod';
import { checkJson } from '../../chain/jsonInput.js';
import { quote } from '../../core/escape.js';
import { isTimeZone } from '../../core/timeZone.js';

const name = z.string().min(1, 'must be a non-empty string');

/** The US index convention: sessions open at 09:30 New York. */
export const DEFAULT_TIME_ZONE = 'America/New_York';
export const DEFAULT_SESSION_OPEN = '09:30';
/** A longer stretch between two daily sessions than any exchange holiday calendar leaves is missing data. */
export const DEFAULT_MAX_GAP_DAYS = 5;

const ohlc = { open: name, high: name, low: name, close: name };

/**
 * The optional mapping of a prices CSV (a small JSON file): which column holds what, and the session
 * rule of the venue. Unknown keys are refused, as in the option-chain CSV mapping.
 */
const pricesMappingSchema = z.strictObject({
  columns: z.union([z.strictObject({ date: name, ...ohlc }), z.strictObject({ timestamp: name, ...ohlc })]).optional(),
  /** IANA zone of the session dates (default America/New_York) */
  timeZone: z
    .string()
    .refine(isTimeZone, { error: (i) => `${quote(i.input)} is not an IANA time zone` })
    .optional(),
  /** HH:MM wall-clock open of a session in that zone (default 09:30) */
  sessionOpen: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .optional(),
  /** calendar days between two sessions above which the stretch counts as missing (default 5) */
  maxGapDays: z.number().int().min(1, 'must be at least 1').optional(),
});

export type PricesMapping = z.output<typeof pricesMappingSchema>;

/** Checks a parsed mapping JSON; an error names the key (`mapping.sessionOpen`) and, when given, the file. */
export function checkPricesMapping(value: unknown, file?: string): PricesMapping {
  return checkJson(value, pricesMappingSchema, file === undefined ? { root: 'mapping' } : { file, root: 'mapping' });
}
