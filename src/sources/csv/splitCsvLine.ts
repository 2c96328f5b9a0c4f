import { ChainInputError } from '../../chain/types.js';
import { quote } from '../../core/escape.js';

/**
 * Splits one CSV line into its fields (RFC 4180 quoting: a field may be wrapped in double quotes,
 * which may then hold commas and doubled quotes `""`). Fields are returned as written, untrimmed.
 * Quoting is checked, not guessed: an unterminated quote, text after a closing quote or a quote
 * inside an unquoted field raise a ChainInputError naming `where` and the field's 1-based column.
 * A line is one record: a quoted field cannot span lines here. `delimiter` is one character (default comma).
 */
export function splitCsvLine(line: string, where: string, delimiter = ','): string[] {
  const sep = delimiter.charCodeAt(0);
  const fields: string[] = [];
  const fail = (rule: string): never => {
    const column = `column ${fields.length + 1}`;
    throw new ChainInputError(`${where}: ${column}: ${rule}`, where, column);
  };
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) fail('quoted field is not closed');
        value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < n && line.charCodeAt(i) !== sep) fail('text after the closing quote');
      fields.push(value);
      if (i === n) return fields;
      i++;
    } else {
      const comma = line.indexOf(delimiter, i);
      const end = comma < 0 ? n : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) fail(`quote inside an unquoted field (${quote(value)})`);
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
