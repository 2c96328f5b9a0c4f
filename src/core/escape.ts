/**
 * Untrusted text (a cell, a key or a name read from a file or a venue) rendered for a one-line
 * message: whatever it holds, the message cannot move the cursor, recolour the terminal, break the
 * line or reorder what follows it.
 */

/** Longest rendering of one value in a message, in characters (escapes included), before `…`. */
const MAX_QUOTED = 120;

/**
 * C0 controls, DEL, C1 controls; zero-width marks; line and paragraph separators; bidi marks,
 * embeddings, overrides and isolates; the byte-order mark; lone surrogates.
 */
function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  return SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every unsafe character written as an escape (`\n`, `\r`, `\t`, `\u001b` …), lone
 * surrogates included, and cut to `max` characters with a trailing `…`.
 */
export function escapeText(text: string, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  // by code point: a surrogate pair is one (printable) character, a lone surrogate is escaped
  for (const ch of text) {
    const piece = isUnsafe(ch.codePointAt(0) as number) ? escapeChar(ch) : ch;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** True when `text` holds nothing escapeText would escape: safe to print as it is. */
export function isPrintable(text: string): boolean {
  return escapeText(text) === text;
}

/**
 * A value as a message quotes it: a string in double quotes with `"` and `\` escaped too, anything
 * else as JSON; either way escaped and cut to `max` characters.
 */
export function quote(value: unknown, max = MAX_QUOTED): string {
  if (typeof value === 'string') return `"${escapeText(value.replace(/["\\]/g, '\\$&'), max)}"`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return escapeText(json ?? String(value), max);
}

/** A whole message made safe for one terminal line (the CLI's last line of defence). */
export function oneLine(message: string, max = 2_000): string {
  return escapeText(message.replace(/\n+$/, ''), max);
}
