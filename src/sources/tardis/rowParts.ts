import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** One part of a file's rows, on disk: whole lines, in file order, without the header line. */
export interface RowPart {
  readonly index: number;
  readonly path: string;
}

const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 48 && byte <= 57;

/**
 * Checks each piece of a file's text for what would make DuckDB's rows differ from the line
 * reader's lines: a double quote (a quoted cell, perhaps holding a line break), a CR (CRLF or
 * lone-CR line ends, which the line reader splits on too), a blank line (DuckDB skips it, the line
 * reader counts it) or a `_` between two digits (a digit separator DuckDB reads in a number), and
 * counts the lines, so that the rows DuckDB read can be checked against them. A few memchr-like
 * searches per megabyte and one per line.
 */
export class LineCheck {
  private previous: number | undefined; // the last byte of the previous piece
  private underscoreAtEnd = false; // the previous piece ended in a digit and `_`
  private newlines = 0;

  /** False once the text so far holds any of them. */
  accepts(piece: Buffer): boolean {
    if (piece.length === 0) return true;
    if (piece.indexOf(34) >= 0 || piece.indexOf(13) >= 0) return false;
    let line = this.previous === 10 || this.previous === undefined ? 0 : -2; // where the current line starts
    for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) {
      if (i === line) return false; // a blank line (or a first line that is empty)
      line = i + 1;
      this.newlines++;
    }
    if (this.underscoreAtEnd && isDigit(piece[0])) return false;
    this.underscoreAtEnd = false;
    if (piece.indexOf(95) >= 0) {
      const text = piece.toString('latin1');
      for (let i = text.indexOf('_'); i >= 0; i = text.indexOf('_', i + 1)) {
        const before = i > 0 ? text.charCodeAt(i - 1) : this.previous;
        if (i + 1 === text.length) this.underscoreAtEnd = isDigit(before);
        else if (isDigit(before) && isDigit(text.charCodeAt(i + 1))) return false;
      }
    }
    this.previous = piece[piece.length - 1];
    return true;
  }

  /** The lines of the text so far, the last one counted even without its line end. */
  get lines(): number {
    return this.newlines + (this.previous === undefined || this.previous === 10 ? 0 : 1);
  }
}

/** The number of rows (lines after the header) of a plain file whose text passes `LineCheck`, else undefined. */
export async function rowsReadingAsLines(path: string): Promise<number | undefined> {
  const check = new LineCheck();
  const file = await open(path);
  try {
    const buffer = Buffer.allocUnsafe(1 << 20); // one buffer, read into again and again
    for (let read = 1; read > 0; ) {
      read = (await file.read(buffer, 0, buffer.length)).bytesRead;
      if (!check.accepts(buffer.subarray(0, read))) return undefined;
    }
  } finally {
    await file.close();
  }
  return Math.max(0, check.lines - 1);
}

/**
 * Where in `piece` the current part ends, `room` bytes before it is full: at the last line end
 * that still fits, else at the first one after (a line longer than a part), or -1 when the part
 * takes all of `piece`.
 */
function partEnd(piece: Buffer, room: number): number {
  if (piece.length < room) return -1;
  const fits = room > 0 ? piece.lastIndexOf(10, room - 1) : -1;
  return fits >= 0 ? fits : piece.indexOf(10, Math.max(room, 0));
}

/** One open part file: each piece written as it comes, in order, with no copy of the part. */
class PartFile {
  readonly stream: WriteStream;
  size = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', () => {}); // met by `close`
  }

  write(piece: Buffer): void {
    this.stream.write(piece);
    this.size += piece.length;
  }

  /** Settles once every piece is on disk; rejects when one could not be written. */
  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
  }
}

/**
 * Cuts the rows of a gzip file into part files of at most `partBytes` (unless a line is longer) under `dir`, each whole lines
 * without the header, each inflated piece written to its part as it comes (no part held in
 * memory), and hands each to `onPart` once it is on disk, so that DuckDB reads one part while the
 * next is decompressed. `onPart` may hold the cutting back (it is awaited).
 * Answers the number of rows (lines after the header), or undefined, having stopped early, when
 * `LineCheck` refuses the text, the gzip stream is damaged or a part cannot be written (the line
 * reader then reads the file and says what is wrong with it).
 */
export async function cutRowParts(
  path: string,
  dir: string,
  partBytes: number,
  onPart: (part: RowPart, bytesRead: number) => Promise<void>,
): Promise<number | undefined> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const content = file.pipe(createGunzip({ chunkSize: 1 << 20 }));
  const check = new LineCheck();
  let out: PartFile | undefined;
  let index = 0;
  let header = true;
  const write = (piece: Buffer) => {
    if (piece.length === 0) return;
    out ??= new PartFile(join(dir, `part-${index}.csv`));
    out.write(piece);
  };
  const flush = async () => {
    if (out === undefined) return;
    const part = out;
    out = undefined;
    await part.close();
    await onPart({ index: index++, path: part.path }, file.bytesRead);
  };
  try {
    for await (const chunk of content) {
      let piece = chunk as Buffer;
      if (!check.accepts(piece)) return undefined;
      if (header) {
        const end = piece.indexOf(10);
        if (end < 0) continue; // still the header line
        header = false;
        piece = piece.subarray(end + 1);
      }
      for (let cut = partEnd(piece, partBytes - (out?.size ?? 0)); cut >= 0; ) {
        write(piece.subarray(0, cut + 1));
        await flush();
        piece = piece.subarray(cut + 1);
        cut = partEnd(piece, partBytes);
      }
      write(piece);
    }
    await flush();
  } catch {
    return undefined; // a damaged gzip stream or a part not written: the line reader says so
  } finally {
    file.destroy();
    (out as PartFile | undefined)?.stream.destroy();
  }
  return Math.max(0, check.lines - 1);
}
