import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';

/** What the process knows of where its output goes. */
export interface TerminalFacts {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stdout is a terminal, and its width in columns when it is */
  readonly isTTY: boolean;
  readonly columns?: number;
}

/** A positive whole number of columns, or undefined (unset, empty, `abc`, `0`). */
function columnsOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/**
 * Colour and width of the text output. Width: `COLUMNS` when it is set (shells export it, and a
 * script can ask for a width), else the terminal's own, else 100 for a file or pipe. Colour only
 * on a terminal, never with `NO_COLOR` (any non-empty value, no-color.org), and forced by a
 * non-empty `FORCE_COLOR` other than `0` (into a pager that renders it).
 */
export function terminalOutput(facts: TerminalFacts): { color: boolean; width: number } {
  const { env } = facts;
  const width =
    columnsOf(env.COLUMNS) ?? (facts.isTTY && facts.columns && facts.columns > 0 ? facts.columns : DEFAULT_TEXT_WIDTH);
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const color = env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? false : forced || facts.isTTY;
  return { color, width };
}
