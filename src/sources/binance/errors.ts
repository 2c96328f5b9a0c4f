import { kindOfHttpStatus, SourceError, type SourceErrorKind } from '../venue/errors.js';
import { isRecord } from '../venue/json.js';

/** Binance error codes by kind (https://developers.binance.com/docs/derivatives/option/error-code). */
const CODE_KINDS: ReadonlyMap<number, SourceErrorKind> = new Map<number, SourceErrorKind>([
  [-1003, 'rate-limited'], // TOO_MANY_REQUESTS
  [-1001, 'unavailable'], // DISCONNECTED: internal error
  [-1007, 'unavailable'], // TIMEOUT waiting for the backend
  [-1008, 'unavailable'], // SERVER_BUSY
  [-1121, 'not-found'], // BAD_SYMBOL
  [-1100, 'bad-request'], // ILLEGAL_CHARS
  [-1102, 'bad-request'], // MANDATORY_PARAM_EMPTY_OR_MALFORMED
  [-1128, 'bad-request'], // OPTIONAL_PARAMS_BAD_COMBO
  [-2014, 'unauthorized'], // BAD_API_KEY_FMT
  [-2015, 'unauthorized'], // REJECTED_MBX_KEY
]);

export function binanceErrorKind(code: number): SourceErrorKind {
  return CODE_KINDS.get(code) ?? 'rejected';
}

/** Binance answers a failure with `{code, msg}` (and an HTTP 4xx/5xx; 429 and 418 for request weight). */
export function unwrapBinance(body: unknown, status: number, path: string): unknown {
  if (isRecord(body) && typeof body.code === 'number' && body.code !== 0) {
    throw new SourceError(
      binanceErrorKind(body.code),
      `binance ${path}: Binance error ${body.code} ${String(body.msg ?? '')}`,
      {
        venue: 'binance',
        request: path,
        code: String(body.code),
        httpStatus: status,
      },
    );
  }
  if (status < 200 || status >= 300) {
    throw new SourceError(kindOfHttpStatus(status), `binance ${path}: HTTP ${status}`, {
      venue: 'binance',
      request: path,
      httpStatus: status,
    });
  }
  return body;
}
