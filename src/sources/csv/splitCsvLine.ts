import { ChainInputError } from '../../chain/types.js';
import { quote } from '../../core/escape.js';

function refuse(where: string, field: number, rule: string): never {
  const column = `column ${field + 1}`;
  throw new ChainInputError(`${where}: ${column}: ${rule}`, where, column);
}

/**
 * Reads one CSV line's fields into `out` (RFC 4180 quoting: a field may be wrapped in double quotes,
 * which may then hold commas and doubled quotes `""`) and answers how many there are. Every field
 * is checked; only those `wanted` marks (all when it is undefined) are cut out of the line, the others
 * are left as '' (a reader of a wide file pays only for the columns it reads). Quoting is checked,
 * not guessed: an unterminated quote, text after a closing quote or a quote inside an unquoted field
 * raise a ChainInputError naming `where` and the field's 1-based column. A line is one record: a
 * quoted field cannot span lines here. `delimiter` is one character (default comma).
 */
export function splitCsvLineInto(
  line: string,
  where: string,
  out: string[],
  wanted?: readonly boolean[],
  delimiter = ',',
): number {
  const sep = delimiter.charCodeAt(0);
  const n = line.length;
  let field = 0;
  let i = 0;
  let nextQuote = -1; // the first quote at or after i, found once per stretch without quotes (n: none)
  for (;;) {
    const keep = wanted === undefined || wanted[field] === true;
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) refuse(where, field, 'quoted field is not closed');
        if (keep) value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          if (keep) value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < n && line.charCodeAt(i) !== sep) refuse(where, field, 'text after the closing quote');
      out[field++] = value;
      if (i === n) break;
      i++;
    } else {
      const comma = line.indexOf(delimiter, i);
      const end = comma < 0 ? n : comma;
      if (nextQuote < i) {
        nextQuote = line.indexOf('"', i);
        if (nextQuote < 0) nextQuote = n;
      }
      if (nextQuote < end) refuse(where, field, `quote inside an unquoted field (${quote(line.slice(i, end))})`);
      out[field++] = keep ? line.slice(i, end) : '';
      if (comma < 0) break;
      i = comma + 1;
    }
  }
  out.length = field;
  return field;
}

/** The fields of one CSV line, as written (untrimmed); see splitCsvLineInto for the rules and errors. */
export function splitCsvLine(line: string, where: string, delimiter = ','): string[] {
  const fields: string[] = [];
  splitCsvLineInto(line, where, fields, undefined, delimiter);
  return fields;
}

/**
 * Locates the fields of the line `text[start, end)` without cutting them out: field k runs from
 * `bounds[2k]` to `bounds[2k + 1]` (as many as `bounds` holds; the count answered is every field).
 * A line holding a double quote answers −1: its fields need splitCsvLineInto (quoting, its errors).
 */
export function csvFieldBounds(text: string, start: number, end: number, bounds: Int32Array, delimiter = ','): number {
  const sep = delimiter.charCodeAt(0);
  if (sep === 34) return -1;
  const room = bounds.length >> 1;
  let field = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === sep) {
      if (field < room) {
        bounds[2 * field] = from;
        bounds[2 * field + 1] = i;
      }
      field++;
      from = i + 1;
    } else if (c === 34 /* " */) return -1;
  }
  if (field < room) {
    bounds[2 * field] = from;
    bounds[2 * field + 1] = end;
  }
  return field + 1;
}

/**
 * csvFieldBounds for the lines of one text read in order: it keeps where the text's next double
 * quote is, so a line is told quote-free by one comparison, and finds its separators with indexOf
 * (the engine's own search) instead of a test per character. Same answers as csvFieldBounds.
 */
export class FieldLocator {
  private text = '';
  /** the first double quote at or after the last line asked about; text.length when there is none */
  private quoteAt = 0;

  locate(text: string, start: number, end: number, bounds: Int32Array, delimiter = ','): number {
    const sep = delimiter.charCodeAt(0);
    if (sep === 34) return -1;
    if (text !== this.text || this.quoteAt < start) {
      this.text = text;
      const q = text.indexOf('"', start);
      this.quoteAt = q < 0 ? text.length : q;
    }
    if (this.quoteAt < end) return -1;
    const separator = String.fromCharCode(sep);
    const room = bounds.length >> 1;
    let field = 0;
    let from = start;
    for (;;) {
      let at = text.indexOf(separator, from);
      if (at < 0 || at >= end) at = end;
      if (field < room) {
        bounds[2 * field] = from;
        bounds[2 * field + 1] = at;
      }
      field++;
      if (at === end) return field;
      from = at + 1;
    }
  }
}

/**
 * The fields a quoted line was split into, laid end to end in one string with their bounds in
 * `bounds` as csvFieldBounds gives them, so one reader serves both kinds of line.
 */
export function laidEndToEnd(fields: readonly string[], bounds: Int32Array): string {
  const room = bounds.length >> 1;
  let at = 0;
  for (let k = 0; k < fields.length && k < room; k++) {
    bounds[2 * k] = at;
    at += (fields[k] as string).length;
    bounds[2 * k + 1] = at;
  }
  return fields.join('');
}

/**
 * The line of `text` starting at `from`: where its content stops and where the next line starts
 * (−1 after the last line, the one reaching `end`). Lines break at `\n` or `\r\n`, as
 * `split(/\r?\n/)` cuts them, without cutting a string per line.
 */
export function lineAt(text: string, from: number, end: number): { stop: number; next: number } {
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl >= end) return { stop: end, next: -1 };
  return { stop: nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}

/**
 * lineAt's answer in two numbers, for a row loop: the `\n` ending the line from `from`, or −1 when it
 * is the last line (reaching `end`); no object per line.
 */
export function lineBreak(text: string, from: number, end: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl >= end ? -1 : nl;
}

/** Where the content of the line from `from` stops, given its lineBreak `nl`: before a `\r\n`, else at `\n` or `end`. */
export function lineStop(text: string, from: number, nl: number, end: number): number {
  if (nl < 0) return end;
  return nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}
