import { describe, expect, it } from 'vitest';
import { escapeText, isPrintable, oneLine, quote } from './escape.js';

// every character a terminal acts on, or that moves or reorders what is shown after it
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('escapeText: untrusted text for a one-line message', () => {
  it('writes ESC, CR, LF, BEL, tab, DEL and C1 controls as escapes', () => {
    expect(escapeText('a\u001b[31mred\r\nnext\u0007\t\u007f\u009b2J')).toBe(
      'a\\u001b[31mred\\r\\nnext\\u0007\\t\\u007f\\u009b2J',
    );
  });

  it('escapes line and paragraph separators, bidi overrides and isolates, zero-width marks and lone surrogates', () => {
    expect(escapeText('x\u2028y\u2029z\u202eevil\u2066i\u2069\u200b\ufeff\ud800')).toBe(
      'x\\u2028y\\u2029z\\u202eevil\\u2066i\\u2069\\u200b\\ufeff\\ud800',
    );
  });

  it('keeps printable text, accents, other scripts and astral characters as they are', () => {
    const text = 'Ελλάδα €5 − Wochentag 中文 📈 \\ "quoted"';
    expect(escapeText(text)).toBe(text);
    expect(isPrintable(text)).toBe(true);
    expect(isPrintable('BTC\u001b')).toBe(false);
  });

  it('cuts long text with an ellipsis, never inside a surrogate pair', () => {
    expect(escapeText('x'.repeat(500), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(escapeText('📈📈📈', 3)).toBe('📈…');
    expect(escapeText('\u001b'.repeat(40), 13)).toBe('\\u001b\\u001b…');
  });

  it('leaves no unsafe character in any string of random code units', () => {
    for (let n = 0; n < 2000; n++) {
      const units = Array.from({ length: 12 }, (_, i) => (n * 7919 + i * 104729) % 0x10000);
      const out = escapeText(String.fromCharCode(...units));
      expect(out).not.toMatch(UNSAFE);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });
});

describe('quote: a value as a message quotes it', () => {
  it('puts strings in double quotes with quote and backslash escaped, other values as JSON', () => {
    expect(quote('n/a')).toBe('"n/a"');
    expect(quote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quote('\u001b[2J\r\n')).toBe('"\\u001b[2J\\r\\n"');
    expect(quote(null)).toBe('null');
    expect(quote(12.5)).toBe('12.5');
    expect(quote(undefined)).toBe('undefined');
    expect(quote({ a: '\u2028' })).toBe('{"a":"\\u2028"}');
    expect(quote('y'.repeat(300))).toHaveLength(1 + 120 + 1 + 1);
  });
});

describe('oneLine: a whole message for the terminal', () => {
  it('drops the trailing newline and escapes the rest', () => {
    expect(oneLine('gexmap: bad\ninput \u001b[31m\n')).toBe('gexmap: bad\\ninput \\u001b[31m');
  });
});
