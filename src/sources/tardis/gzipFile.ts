import { createReadStream } from 'node:fs';

/**
 * True when the file starts with gzip's magic bytes (1f 8b). Both Tardis scanners decide by the
 * bytes, not by a `.gz` name, so a compressed file saved under any name reads the same either way.
 */
export async function isGzipFile(path: string): Promise<boolean> {
  const parts: Buffer[] = [];
  for await (const part of createReadStream(path, { start: 0, end: 1 })) parts.push(part as Buffer);
  const head = Buffer.concat(parts);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}
