import { stripVTControlCharacters as stripAnsi } from 'node:util';
import wrapAnsi from 'wrap-ansi';

/** Terminal width the text reports are wrapped to when the output is not a terminal. */
export const DEFAULT_TEXT_WIDTH = 100;

/** Where a wrapped line's continuation starts: under the text after its label or key. */
function continuationIndent(plain: string): number {
  // "Regime           NEGATIVE: …": a label padded into a column
  const label = /^(\s*[^\s:][^:]*?\s{2,})\S/.exec(plain);
  if (label?.[1]) return label[1].length;
  // "  playbook: three rules …" and "      inputs: …": an indented key
  const key = /^(\s+)[\w.' -]+?: /.exec(plain);
  if (key?.[1] !== undefined) return key[1].length + 2;
  const lead = /^\s*/.exec(plain)?.[0].length ?? 0;
  return lead + 2;
}

/** Box-drawing tables and charts keep their lines whole: a wrapped row would break the grid. */
const isDrawing = (plain: string) => /[│┌└├┼┤╭╰─]/.test(plain) || /^\s*[\d.,−-]+\s*[┤┼│]/.test(plain);

/**
 * Wraps every line longer than `width` columns at word boundaries, each continuation indented
 * under the text it continues (after a padded label, after an indented key). Colour codes do not
 * count towards the width; tables and charts are left as they are. `width` 0 leaves the text alone.
 */
export function wrapText(text: string, width: number = DEFAULT_TEXT_WIDTH): string {
  if (width <= 0) return text;
  return text
    .split('\n')
    .map((line) => {
      const plain = stripAnsi(line);
      if (plain.length <= width || isDrawing(plain)) return line;
      const indent = Math.min(continuationIndent(plain), Math.floor(width / 2));
      const lead = /^\s*/.exec(plain)?.[0] ?? '';
      // words are kept whole on the first line, so joining the rest with a space restores it
      const [first = '', ...rest] = wrapAnsi(line.slice(lead.length), width - lead.length, { trim: true }).split('\n');
      if (rest.length === 0) return lead + first;
      // rewrap what follows the first line to the narrower width under the indent
      const tail = wrapAnsi(rest.join(' '), width - indent, { hard: true, trim: true })
        .split('\n')
        .map((l) => ' '.repeat(indent) + l);
      return [lead + first, ...tail].join('\n');
    })
    .join('\n');
}
