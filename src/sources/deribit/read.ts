import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJson } from '../../chain/jsonInput.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { type DeribitChainInput, parseDeribitChain } from './parse.js';

/** File names of a recorded Deribit chain: each holds one method's answer (bare result or JSON-RPC). */
export const DERIBIT_INSTRUMENTS_FILE = 'get_instruments.json';
export const DERIBIT_SUMMARIES_FILE = 'get_book_summary_by_currency.json';

export type DeribitReadOptions = Pick<DeribitChainInput, 'maxIv' | 'indexPrice'> & {
  /** defaults to the directory */
  readonly source?: string;
};

/**
 * The envelope of a saved answer: the bare result array, a JSON-RPC answer or a JSON-RPC error.
 * The rows are read field by field by the parser, which names the instrument of a bad one.
 */
const answerFileSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ result: z.array(z.unknown()) }),
  z.looseObject({ error: z.looseObject({ code: z.number(), message: z.string() }) }),
]);

async function readAnswer(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  return readJson(await readFile(path, 'utf8'), answerFileSchema, { file: path, root: file.replace(/\.json$/, '') });
}

/** Reads get_instruments.json and get_book_summary_by_currency.json from `dir` and parses them. */
export async function readDeribitDir(dir: string, opts: DeribitReadOptions = {}): Promise<ChainSnapshot> {
  const [instruments, summaries] = await Promise.all([
    readAnswer(dir, DERIBIT_INSTRUMENTS_FILE),
    readAnswer(dir, DERIBIT_SUMMARIES_FILE),
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
