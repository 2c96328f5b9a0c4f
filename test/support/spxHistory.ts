import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { DATA_DIR } from '../golden/paths.js';

/**
 * The 17 real CBOE SPX downloads (2022-02 → 2024-01) of cboe-spx-history, beside files.csv (each
 * one's quote time in New York, session date and spot), spx_daily_ohlc.csv and PROVENANCE.md.
 */
export const SPX_HISTORY_DIR = resolve(DATA_DIR, 'cboe-spx-history');

/** files.csv, a row per download: `file,quote_time,kind,session_date,spot,…`. */
export const SPX_HISTORY_FILES = readFileSync(resolve(SPX_HISTORY_DIR, 'files.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [file = '', quoteTime = '', , session = '', spot = ''] = line.split(',');
    return { file, quoteTime, session, spot: Number(spot) };
  });

/** A files.csv quote time, `2023-04-05 19:41 ET` → the instant. */
export function newYorkQuoteTime(quoteTime: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) ET$/.exec(quoteTime);
  if (m === null) throw new Error(`files.csv: quote_time ${quoteTime}`);
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  return new TZDate(y, mo - 1, d, h, mi, 0, 'America/New_York').getTime();
}
