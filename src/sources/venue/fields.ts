import { checkInstant } from '../../chain/instant.js';
import { ChainInputError } from '../../chain/types.js';
import { quote } from '../../core/escape.js';
import { isRecord, type JsonRecord } from './json.js';

// values come from the venue's answer: escaped and cut short before they reach a message
const show = (value: unknown) => quote(value);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Typed reads of one row of a venue answer whose numbers may come as JSON strings ("0.01"), as
 * OKX, Bybit and Binance send them. A missing field, an empty string where a number belongs or a
 * wrong type raises a ChainInputError naming the row and the field: nothing becomes undefined or NaN.
 */
export class VenueFields {
  constructor(
    private readonly row: JsonRecord,
    readonly where: string,
    /** the endpoint the row came from, for messages */
    readonly endpoint: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new ChainInputError(`${this.where}: ${field} ${problem} (${this.endpoint})`, this.where, field);
  }

  has(field: string): boolean {
    return this.row[field] !== undefined;
  }

  private present(field: string): unknown {
    const value = this.row[field];
    if (value === undefined) this.fail(field, 'is missing');
    return value;
  }

  /** A number, or a string holding a plain decimal number. */
  decimal(field: string): number {
    const value = this.present(field);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value);
    return this.fail(field, `(${show(value)}) is not a number`);
  }

  /** An epoch-ms instant within 1990–2100 (checkInstant), as a number or a decimal string. */
  instant(field: string): number {
    return checkInstant(this.where, field, this.decimal(field));
  }

  /** As decimal, but an empty string (the venue's "no value") reads as NaN for admitQuote to drop. */
  optionalDecimal(field: string): number {
    const value = this.present(field);
    if (value === '') return Number.NaN;
    return this.decimal(field);
  }

  string(field: string): string {
    const value = this.present(field);
    if (typeof value !== 'string') this.fail(field, `(${show(value)}) is not a string`);
    return value;
  }
}

/** Opens row `index` of an endpoint's list, named by `nameField` when the row carries it. */
export function venueRow(row: unknown, index: number, endpoint: string, nameField: string): VenueFields {
  const fallback = `${endpoint}[${index}]`;
  if (!isRecord(row)) throw new ChainInputError(`${fallback}: not an object (${endpoint})`, fallback, 'row');
  const name = row[nameField];
  return new VenueFields(row, typeof name === 'string' && name !== '' ? name : fallback, endpoint);
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
