import { expect } from 'vitest';
import { ChainInputError } from '../../src/chain/types.js';

/** Runs `fn`, which must throw a ChainInputError, and returns that error for inspection. */
export function inputError(fn: () => unknown): ChainInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChainInputError);
    return e as ChainInputError;
  }
  throw new Error('expected a ChainInputError, but nothing was thrown');
}

/** Replaces line `n` (1-based) of `text` with `edit(line)`. */
export function editLine(text: string, n: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const line = lines[n - 1];
  if (line === undefined) throw new Error(`no line ${n}`);
  lines[n - 1] = edit(line);
  return lines.join('\n');
}

/** Replaces comma-separated cell `i` (0-based) of an unquoted CSV line. */
export function setCell(line: string, i: number, value: string): string {
  const cells = line.split(',');
  if (i >= cells.length) throw new Error(`no cell ${i}`);
  cells[i] = value;
  return cells.join(',');
}
