/**
 * The lines of a text file, whichever line end the saving program wrote: LF, CRLF, or the lone CR
 * of old Mac and some spreadsheet exports (split on `\r?\n` alone, such a file is one long line).
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Whether the text ends with a line end of any kind (a file cut short does not). */
export function endsWithLineEnd(text: string): boolean {
  return /[\r\n]$/.test(text);
}
