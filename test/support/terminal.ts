/** Characters a terminal acts on (C0 but tab, DEL, C1), or that break or reorder a line (U+2028/9, bidi). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this is the test for control characters
export const TERMINAL_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Payload text a hostile file would carry: colour, clear screen, CR/LF, bell, a bidi override. */
export const HOSTILE = '\u001b[31mRED\u001b[2J\r\nfake line\u0007\u202e';
