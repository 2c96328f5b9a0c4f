import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared` beside the project: golden values and real recorded chains, read in place. */
export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const GOLDEN_DIR = resolve(SHARED_DIR, 'golden');
export const DATA_DIR = resolve(SHARED_DIR, 'data');
export const DERIBIT_BTC_DIR = resolve(DATA_DIR, 'deribit-btc-2025-11-19');
export const CBOE_SPX_FILE = resolve(DATA_DIR, 'cboe-spx-2022-12-12/spx_quotedata.csv');

if (!existsSync(SHARED_DIR)) {
  throw new Error(`shared material not found at ${SHARED_DIR}: clone the project with ../shared beside it`);
}
