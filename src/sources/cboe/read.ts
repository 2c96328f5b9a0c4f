import { readFile } from 'node:fs/promises';
import type { ChainSnapshot } from '../../chain/types.js';
import { type CboeParseOptions, parseCboeCsv } from './parse.js';

export type CboeReadOptions = Omit<CboeParseOptions, 'source'> & {
  /** defaults to the path */
  readonly source?: string;
};

/** Reads a CBOE delayed-quotes CSV download from disk (UTF-8) and parses it with parseCboeCsv. */
export async function readCboeFile(path: string, opts: CboeReadOptions = {}): Promise<ChainSnapshot> {
  const text = await readFile(path, 'utf8');
  return parseCboeCsv(text, { ...opts, source: opts.source ?? path });
}
