import { ChainInputError } from '../../chain/types.js';
import { quote } from '../../core/escape.js';
import { type PayloadFields, venueRow } from '../venue/fields.js';
import { isRecord, type JsonRecord } from '../venue/json.js';

// values come from the payload: escaped and cut short before they reach a message

const show = (value: unknown) => quote(value);

export type { PayloadFields } from '../venue/fields.js';

/** Opens row `index` of `method`'s result for typed reads, named by its instrument_name when it has one. */
export function payloadRow<T = JsonRecord>(row: unknown, index: number, method: string): PayloadFields<T> {
  return venueRow<T>(row, index, method, 'instrument_name');
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
