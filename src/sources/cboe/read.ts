import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../chain/jsonInput.js';
import type { ChainSnapshot } from '../../chain/types.js';
import { readTextFile } from '../../core/textFile.js';
import { parseCboeDelayedJson } from './json.js';
import { type CboeParseOptions, parseCboeCsv } from './parse.js';

export type CboeReadOptions = Omit<CboeParseOptions, 'source'> & {
  /** defaults to the path */
  readonly source?: string;
};

/** Reads a CBOE delayed-quotes CSV download from disk (UTF-8) and parses it with parseCboeCsv. */
export async function readCboeFile(path: string, opts: CboeReadOptions = {}): Promise<ChainSnapshot> {
  const text = await readTextFile(path);
  return parseCboeCsv(text, { ...opts, source: opts.source ?? path });
}

/** Reads a saved CBOE delayed-quotes JSON answer (`_SPX.json`) from disk and parses it with parseCboeDelayedJson. */
export async function readCboeJsonFile(path: string, opts: CboeReadOptions = {}): Promise<ChainSnapshot> {
  const json = parseJsonText(await readFile(path, 'utf8'), { file: path, root: 'answer' });
  return parseCboeDelayedJson(json, { ...opts, source: opts.source ?? path });
}
