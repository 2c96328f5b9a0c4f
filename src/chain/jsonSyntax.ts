import { quote } from '../core/escape.js';

/** Where a JSON text breaks the grammar, for a message that names the line and column. */

/** Line and column (1-based) of offset `at`. */
export function lineColumn(text: string, at: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${at - start + 1}`;
}

class Stop {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {}
}

/**
 * Where JSON.parse stops on `text` and why (undefined for valid JSON or nesting too deep to
 * scan), found by a small scanner of the JSON grammar: V8's own message quotes the raw text and,
 * for most errors, gives no position.
 */
export function jsonSyntaxError(text: string): { readonly at: number; readonly problem: string } | undefined {
  let i = 0;
  const unexpected = (): never => {
    if (i >= text.length) throw new Stop(i, 'unexpected end of the text');
    throw new Stop(i, `unexpected ${quote(String.fromCodePoint(text.codePointAt(i) as number))}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) unexpected();
      i++;
    }
  };
  const digits = () => {
    const start = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) unexpected();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) unexpected();
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw new Stop(i, `control character ${quote(text[i])} inside a string`);
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) unexpected();
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) unexpected();
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected();
        string();
        ws();
        if (text[i] !== ':') unexpected();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') break;
        else unexpected();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') break;
        else unexpected();
      }
      i++;
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else unexpected();
  };
  try {
    value();
    ws();
    if (i < text.length) unexpected();
  } catch (e) {
    if (e instanceof Stop) return { at: e.at, problem: e.problem };
    // nesting deeper than this scanner's stack: no position (and still no raw text)
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  return undefined;
}

/** '0' … '9' as a char code (NaN past the end is none). */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
