import { checkInstant } from '../../chain/instant.js';
import { ChainInputError } from '../../chain/types.js';
import { escapeText, quote } from '../../core/escape.js';
import { isRecord, type JsonRecord } from './json.js';

// values and names come from the venue's answer: escaped and cut short before they reach a message
const show = (value: unknown) => quote(value);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Field names of a payload type (any string for an untyped row). */
export type Field<T> = Extract<keyof T, string>;

/**
 * Typed reads of one row of a venue answer. A missing field, a wrong type, or an empty string where
 * a number belongs raises a ChainInputError naming the row (the instrument) and the field: nothing
 * becomes undefined or NaN. `T` is the payload's documented type, so a misspelt field name does not
 * compile. `number` and `instant` take JSON numbers (Deribit); `decimal` and `decimalInstant` also
 * take strings holding plain decimals ("0.01"), as OKX, Bybit and Binance send them.
 */
export class PayloadFields<T = JsonRecord> {
  constructor(
    private readonly row: JsonRecord,
    /** the instrument name, or `source[index]` when the row has none */
    readonly where: string,
    /** the method or endpoint the row came from, for messages */
    readonly source: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new ChainInputError(`${this.where}: ${field} ${problem} (${this.source})`, this.where, field);
  }

  has(field: Field<T>): boolean {
    return this.row[field] !== undefined;
  }

  private present(field: Field<T>): unknown {
    const value = this.row[field];
    if (value === undefined) this.fail(field, 'is missing');
    return value;
  }

  /** A JSON number (finite). */
  number(field: Field<T>): number {
    const value = this.present(field);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, `(${show(value)}) is not a number`);
    return value;
  }

  /** An epoch-ms instant within 1990–2100 (checkInstant), as a JSON number. */
  instant(field: Field<T>): number {
    return checkInstant(this.where, field, this.number(field));
  }

  /** A number, or a string holding a plain decimal number. */
  decimal(field: Field<T>): number {
    const value = this.present(field);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value);
    return this.fail(field, `(${show(value)}) is not a number`);
  }

  /** An epoch-ms instant within 1990–2100 (checkInstant), as a number or a decimal string. */
  decimalInstant(field: Field<T>): number {
    return checkInstant(this.where, field, this.decimal(field));
  }

  /** As decimal, but an empty string (the venue's "no value") reads as NaN for admitQuote to drop. */
  optionalDecimal(field: Field<T>): number {
    const value = this.present(field);
    if (value === '') return Number.NaN;
    return this.decimal(field);
  }

  string(field: Field<T>): string {
    const value = this.present(field);
    if (typeof value !== 'string') this.fail(field, `(${show(value)}) is not a string`);
    return value;
  }

  boolean(field: Field<T>): boolean {
    const value = this.present(field);
    if (typeof value !== 'boolean') this.fail(field, `(${show(value)}) is not true or false`);
    return value;
  }
}

/** Opens row `index` of a method's or endpoint's list, named by `nameField` when the row carries it. */
export function venueRow<T = JsonRecord>(
  row: unknown,
  index: number,
  source: string,
  nameField: string,
): PayloadFields<T> {
  const fallback = `${source}[${index}]`;
  if (!isRecord(row)) throw new ChainInputError(`${fallback}: not an object (${source})`, fallback, 'row');
  const name = row[nameField];
  return new PayloadFields<T>(row, typeof name === 'string' && name !== '' ? escapeText(name, 80) : fallback, source);
}

/** Rows of a list keyed by name; a repeated name is an error (a broken or concatenated answer). */
export function keyedRows<T extends { readonly name: string }>(
  rows: readonly unknown[],
  read: (row: unknown, i: number) => T,
  endpoint: string,
  nameField: string,
): Map<string, T> {
  const out = new Map<string, T>();
  rows.forEach((row, i) => {
    const item = read(row, i);
    if (out.has(item.name)) throw new ChainInputError(`${item.name}: duplicate in ${endpoint}`, item.name, nameField);
    out.set(item.name, item);
  });
  return out;
}
