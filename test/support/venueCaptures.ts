import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA_DIR } from '../golden/paths.js';

/** `../shared/data/venues`: real captured (and documented) venue payloads, each folder with its SOURCE.txt. */
export const VENUES_DIR = resolve(DATA_DIR, 'venues');

/** One venue capture, read in place at test time (never copied): e.g. venueCapture('bybit', 'rest-tickers-option-doc.json'). */
// biome-ignore lint/suspicious/noExplicitAny: captures are untyped JSON; each test reads the fields it needs
export function venueCapture(venue: string, file: string): any {
  return JSON.parse(readFileSync(resolve(VENUES_DIR, venue, file), 'utf8'));
}
