import { QuantityError } from './quantityError.js';

/** The instants gexmap reads anywhere: 1990-01-01 … 2100-01-01 UTC (listings, expiries, snapshot and query times). */
export const EARLIEST_INSTANT = Date.UTC(1990, 0, 1);
export const LATEST_INSTANT = Date.UTC(2100, 0, 1);

// Date.parse alone takes almost anything ("-1" is 2001-01-01) and reads a time without a zone as the
// machine's local time: only an ISO date (UTC midnight) or an ISO date-time with Z or an offset is an instant.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** An instant as ISO time (`2025-11-19T00:00Z`, `2025-11-19`) or epoch ms digits, from 1990 to 2100. */
export function parseInstant(text: string, field: string): number {
  const t = text.trim();
  const ms = /^\d{1,16}$/.test(t) ? Number(t) : ISO.test(t) ? Date.parse(t) : Number.NaN;
  if (!(ms >= EARLIEST_INSTANT && ms < LATEST_INSTANT))
    throw new QuantityError(
      field,
      text,
      'must be a time from 1990 to 2100: ISO with a zone (2025-11-19T00:00Z), a date, or epoch ms',
    );
  return ms;
}
