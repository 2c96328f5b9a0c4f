import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { JsonInputError, readJson } from '../chain/jsonInput.js';
import { escapeText } from '../core/escape.js';
import { UsageError } from './usageError.js';

/**
 * Reads a JSON file a flag names (`--positions`, `--put-tape`) against its schema; an unreadable,
 * malformed or mistyped file is a usage error naming the file and the path inside it.
 */
export function readFlagJson<S extends z.ZodType>(
  path: string,
  schema: S,
  /** the root in paths (`putTape.windowEnd`) */
  root: string,
  /** the file in words (`put tape file …`) */
  label = root,
): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${label} file ${escapeText(path, 300)}: ${escapeText((e as Error).message, 300)}`);
  }
  try {
    return readJson(text, schema, { file: path, root });
  } catch (e) {
    if (e instanceof JsonInputError) throw new UsageError(`${label} file ${e.message}`);
    throw e;
  }
}
