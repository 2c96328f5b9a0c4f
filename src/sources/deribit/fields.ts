import { checkInstant } from '../../chain/instant.js';
import { ChainInputError } from '../../chain/types.js';
import { escapeText, quote } from '../../core/escape.js';
import { isRecord, type JsonRecord } from '../venue/json.js';

// values and names come from the payload: escaped and cut short before they reach a message
const show = (value: unknown) => quote(value);

/**
 * Typed reads of one payload row. A missing field or a value of the wrong type raises a
 * ChainInputError naming the row (the instrument) and the field: nothing becomes undefined or NaN.
 * `T` is the payload's documented type, so a misspelt field name does not compile.
 */
export class PayloadFields<T = JsonRecord> {
  constructor(
    private readonly row: JsonRecord,
    /** the instrument name, or `method[index]` when the row has none */
    readonly where: string,
    /** the API method the row came from, for messages */
    readonly method: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new ChainInputError(`${this.where}: ${field} ${problem} (${this.method})`, this.where, field);
  }

  private present(field: Field<T>): unknown {
    const value = this.row[field];
    if (value === undefined) this.fail(field, 'is missing');
    return value;
  }

  number(field: Field<T>): number {
    const value = this.present(field);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, `(${show(value)}) is not a number`);
    return value;
  }

  /** An epoch-ms instant within 1990–2100 (checkInstant). */
  instant(field: Field<T>): number {
    return checkInstant(this.where, field, this.number(field));
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

/** Field names of a payload type (any string for an untyped row). */
type Field<T> = Extract<keyof T, string>;

/** Opens row `index` of `method`'s result for typed reads, named by its instrument_name when it has one. */
export function payloadRow<T = JsonRecord>(row: unknown, index: number, method: string): PayloadFields<T> {
  const fallback = `${method}[${index}]`;
  if (!isRecord(row)) throw new ChainInputError(`${fallback}: not an object (${method})`, fallback, 'row');
  const name = row.instrument_name;
  return new PayloadFields<T>(row, typeof name === 'string' && name !== '' ? escapeText(name, 80) : fallback, method);
}

/** The `result` array of a JSON-RPC answer, or the array itself when given bare. */
export function resultArray(answer: unknown, method: string): readonly unknown[] {
  if (Array.isArray(answer)) return answer;
  if (isRecord(answer)) {
    const error = answer.error;
    if (isRecord(error)) {
      throw new ChainInputError(
        `${method}: Deribit answered with error ${show(error.code)}: ${show(error.message)}`,
        method,
        'error',
      );
    }
    if (Array.isArray(answer.result)) return answer.result;
  }
  throw new ChainInputError(
    `${method}: expected the result array or a JSON-RPC answer {"jsonrpc": "2.0", "result": [...]}`,
    method,
    'result',
  );
}
