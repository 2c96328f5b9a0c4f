import { readFile } from 'node:fs/promises';

/**
 * A file's text, decoded as UTF-8 in one go. Read with an encoding, a file of a megabyte comes as
 * pieces decoded chunk by chunk and joined, and a reader's first scan then pays for copying them
 * into one string; the characters are the same either way.
 */
export async function readTextFile(path: string): Promise<string> {
  return (await readFile(path)).toString('utf8');
}
