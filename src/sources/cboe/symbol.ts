import type { OptionType } from '../../chain/types.js';

/** An OCC option symbol as CBOE prints it: root, yymmdd expiry, C/P, strike × 1000 in 8 digits. */
export interface OccSymbol {
  readonly root: string;
  readonly year: number;
  /** 1 to 12 */
  readonly month: number;
  readonly day: number;
  readonly type: OptionType;
  /** strike × 1000, as the symbol's last 8 digits say it */
  readonly strikeThousandths: number;
}

const A = 65;
const Z = 90;
const ZERO = 48;
const NINE = 57;
const DOT = 46;
const isUpper = (c: number) => c >= A && c <= Z;
const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** The number of `length` ASCII digits of `text` from `at`, or −1 when one is not a digit. */
function digits(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - ZERO);
  }
  return n;
}

/** The last root read: a chain's symbols share a handful of roots, so most need no string cut out. */
let lastRoot = '';

function rootOf(symbol: string, length: number): string {
  if (length !== lastRoot.length || !symbol.startsWith(lastRoot)) lastRoot = symbol.slice(0, length);
  return lastRoot;
}

/**
 * An OCC option symbol: a root of 1–6 characters (a capital letter, then capitals, digits or dots),
 * YYMMDD, C or P, and the strike × 1000 in 8 digits (SPXW221212C01000000). The tail has a fixed
 * length, so the root is what precedes the last 15 characters; read by character codes, since a
 * chain has tens of thousands of symbols.
 */
export function parseOccSymbol(symbol: string): OccSymbol | undefined {
  const rootLength = symbol.length - 15;
  if (rootLength < 1 || rootLength > 6) return undefined;
  if (!isUpper(symbol.charCodeAt(0))) return undefined;
  for (let i = 1; i < rootLength; i++) {
    const c = symbol.charCodeAt(i);
    if (!isUpper(c) && !isDigit(c) && c !== DOT) return undefined;
  }
  const yy = digits(symbol, rootLength, 2);
  const mm = digits(symbol, rootLength + 2, 2);
  const dd = digits(symbol, rootLength + 4, 2);
  const side = symbol.charCodeAt(rootLength + 6);
  const strike = digits(symbol, rootLength + 7, 8);
  if (yy < 0 || mm < 0 || dd < 0 || strike < 0 || (side !== 67 /* C */ && side !== 80) /* P */) return undefined;
  return {
    root: rootOf(symbol, rootLength),
    year: 2000 + yy,
    month: mm,
    day: dd,
    type: side === 67 ? 'C' : 'P',
    strikeThousandths: strike,
  };
}

/**
 * A symbol as two small whole numbers, one to one among the symbols of one root: its expiry
 * (yymmdd) and its strike and side (strike × 1000 · 2 + 1 for a put, below 2^30), so a chain of
 * tens of thousands of legs tells a repeated symbol without hashing its text.
 */
export function occExpiryKey(occ: OccSymbol): number {
  return (occ.year - 2000) * 10_000 + occ.month * 100 + occ.day;
}

/** See occExpiryKey. */
export function occStrikeKey(occ: OccSymbol): number {
  return occ.strikeThousandths * 2 + (occ.type === 'P' ? 1 : 0);
}

const SERIES_ROOTS: Readonly<Record<string, string>> = {
  SPXW: 'SPX',
  SPXPM: 'SPX',
  RUTW: 'RUT',
  NDXP: 'NDX',
  VIXW: 'VIX',
};

/** The underlying an option root is on: SPXW → SPX, SPX → SPX, AAPL → AAPL. */
export function underlyingOfRoot(root: string): string {
  return SERIES_ROOTS[root] ?? root;
}

/** The root and yymmdd of a symbol read before, and what they read as. */
interface OccPrefix {
  /** the root and yymmdd as written, '' before the first */
  text: string;
  root: string;
  year: number;
  month: number;
  day: number;
}

const noPrefix = (): OccPrefix => ({ text: '', root: '', year: 0, month: 0, day: 0 });

/**
 * One OCC symbol at a time, read in place from a longer text (a CSV row) by character codes, by the
 * rules of parseOccSymbol: a reader of tens of thousands of symbols refills this one object and cuts
 * out no string per symbol. A chain's symbols come grouped by root and expiry, two roots of one date
 * in turn (SPX and SPXW on a monthly date), so the root and yymmdd of the last two prefixes are kept
 * and a symbol that starts with one of them reads only its side and strike.
 */
export class OccReader implements OccSymbol {
  root = '';
  year = 0;
  month = 0;
  day = 0;
  type: OptionType = 'C';
  strikeThousandths = 0;
  /** the prefix the fields hold, and the one before it */
  private current: OccPrefix = noPrefix();
  private other: OccPrefix = noPrefix();

  /** Reads the symbol `text[start, end)`: true when it is one (the fields then hold it), false when parseOccSymbol would refuse it. */
  read(text: string, start: number, end: number): boolean {
    const rootLength = end - start - 15;
    if (!startsWithPrefix(text, start, rootLength, this.current)) {
      const other = this.other;
      if (startsWithPrefix(text, start, rootLength, other)) {
        this.other = this.current;
        this.current = other;
        this.root = other.root;
        this.year = other.year;
        this.month = other.month;
        this.day = other.day;
      } else if (!this.readPrefix(text, start, rootLength)) return false;
    }
    const at = start + rootLength + 6;
    const side = text.charCodeAt(at);
    const strike = digits(text, at + 1, 8);
    if (strike < 0 || (side !== 67 /* C */ && side !== 80) /* P */) return false;
    this.type = side === 67 ? 'C' : 'P';
    this.strikeThousandths = strike;
    return true;
  }

  private readPrefix(text: string, start: number, rootLength: number): boolean {
    if (rootLength < 1 || rootLength > 6) return false;
    if (!isUpper(text.charCodeAt(start))) return false;
    for (let i = start + 1; i < start + rootLength; i++) {
      const c = text.charCodeAt(i);
      if (!isUpper(c) && !isDigit(c) && c !== DOT) return false;
    }
    const yy = digits(text, start + rootLength, 2);
    const mm = digits(text, start + rootLength + 2, 2);
    const dd = digits(text, start + rootLength + 4, 2);
    if (yy < 0 || mm < 0 || dd < 0) return false;
    // the older prefix is refilled: no object per change
    const read = this.other;
    read.text = text.slice(start, start + rootLength + 6);
    read.root = read.text.slice(0, rootLength);
    read.year = 2000 + yy;
    read.month = mm;
    read.day = dd;
    this.other = this.current;
    this.current = read;
    this.root = read.root;
    this.year = read.year;
    this.month = read.month;
    this.day = read.day;
    return true;
  }
}

/** True when `text` at `start` begins with `prefix` (a root of `rootLength` characters and yymmdd). */
function startsWithPrefix(text: string, start: number, rootLength: number, prefix: OccPrefix): boolean {
  const written = prefix.text;
  return written !== '' && rootLength === written.length - 6 && text.startsWith(written, start);
}
