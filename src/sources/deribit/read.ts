import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChainInputError, type ChainSnapshot } from '../../chain/types.js';
import { type DeribitChainInput, parseDeribitChain } from './parse.js';

/** File names of a recorded Deribit chain: each holds one method's answer (bare result or JSON-RPC). */
export const DERIBIT_INSTRUMENTS_FILE = 'get_instruments.json';
export const DERIBIT_SUMMARIES_FILE = 'get_book_summary_by_currency.json';

export type DeribitReadOptions = Pick<DeribitChainInput, 'maxIv' | 'indexPrice'> & {
  /** defaults to the directory */
  readonly source?: string;
};

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChainInputError(`${path}: not JSON (${(e as Error).message})`, path, 'json');
  }
}

/** Reads get_instruments.json and get_book_summary_by_currency.json from `dir` and parses them. */
export async function readDeribitDir(dir: string, opts: DeribitReadOptions = {}): Promise<ChainSnapshot> {
  const [instruments, summaries] = await Promise.all([
    readJson(join(dir, DERIBIT_INSTRUMENTS_FILE)),
    readJson(join(dir, DERIBIT_SUMMARIES_FILE)),
  ]);
  return parseDeribitChain({
    // validated field by field inside the parser
    instruments: instruments as DeribitChainInput['instruments'],
    summaries: summaries as DeribitChainInput['summaries'],
    source: opts.source ?? dir,
    ...(opts.maxIv !== undefined ? { maxIv: opts.maxIv } : {}),
    ...(opts.indexPrice !== undefined ? { indexPrice: opts.indexPrice } : {}),
  });
}
