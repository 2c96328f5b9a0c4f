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

/** The widest line of `text` in terminal columns, colour codes not counted. */
export function textWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => [...stripAnsi(l)].length));
}

/** A column of a table that {@link fitColumns} may drop: the lowest `keep` goes first. */
export interface FitColumn {
  /** its name in the line that says what was dropped */
  readonly name: string;
  readonly keep: number;
}

/**
 * Renders a table with as many of its columns as fit `width`: while it is too wide, the column
 * of lowest `keep` is dropped (rows are never wrapped: a wrapped row no longer reads as a row),
 * then the columns dropped on the way are put back, most kept first, where they still fit; one
 * short line under the table names what was dropped. `render` draws the columns whose
 * indices it is given. When even the last column kept is too wide the table is printed as it is
 * then: it cannot shrink further. `width` 0 keeps every column.
 */
export function fitColumns(
  columns: readonly FitColumn[],
  width: number,
  render: (kept: readonly number[]) => string,
): string {
  const keepOf = (name: string) => columns.find((c) => c.name === name)?.keep ?? 0;
  let kept = columns.map((_, i) => i);
  let text = render(kept);
  const dropped: string[] = [];
  while (width > 0 && textWidth(text) > width && kept.length > 1) {
    const least = kept.reduce((a, b) => ((columns[b]?.keep ?? 0) < (columns[a]?.keep ?? 0) ? b : a));
    kept = kept.filter((i) => i !== least);
    dropped.push(columns[least]?.name ?? String(least));
    text = render(kept);
  }
  if (dropped.length === 0) return text;
  // a wide column dropped late may have made room for narrower ones dropped before it
  for (const name of [...dropped].sort((a, b) => keepOf(b) - keepOf(a))) {
    const i = columns.findIndex((c) => c.name === name);
    const more = [...kept, i].sort((a, b) => a - b);
    const wider = render(more);
    if (textWidth(wider) > width) continue;
    kept = more;
    text = wider;
    dropped.splice(dropped.indexOf(name), 1);
  }
  if (dropped.length === 0) return text;
  return `${text}\n${wrapText(`(${width} columns: ${dropped.join(', ')} not shown)`, width)}`;
}

/** `cells` at the indices in `kept`, in order. */
export function pick<T>(cells: readonly T[], kept: readonly number[]): T[] {
  return kept.flatMap((i) => (i < cells.length ? [cells[i] as T] : []));
}
