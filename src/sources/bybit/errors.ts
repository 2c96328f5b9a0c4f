import { kindOfHttpStatus, SourceError, type SourceErrorKind } from '../venue/errors.js';
import { isRecord } from '../venue/json.js';

/** Bybit v5 error codes by kind (https://bybit-exchange.github.io/docs/v5/error): documented codes only. */
const CODE_KINDS: ReadonlyMap<number, SourceErrorKind> = new Map<number, SourceErrorKind>([
  [10006, 'rate-limited'], // too many visits
  [10018, 'rate-limited'], // exceeded the IP rate limit
  [10429, 'rate-limited'], // system level frequency protection
  [10000, 'unavailable'], // server timeout
  [10016, 'unavailable'], // server error
  [10001, 'bad-request'], // request parameter error
  [10002, 'bad-request'], // request time exceeds the time window
  [10003, 'unauthorized'], // API key is invalid
  [10004, 'unauthorized'], // signature error
  [10005, 'unauthorized'], // permission denied
  [10010, 'unauthorized'], // unmatched IP
]);

export function bybitErrorKind(code: number): SourceErrorKind {
  return CODE_KINDS.get(code) ?? 'rejected';
}

/**
 * The kind of an HTTP status from Bybit: its docs (rate-limit page) answer a breach of the IP rate
 * limit with HTTP 403 ("access too frequent"), so 403 is rate-limited and retried with backoff;
 * Bybit's public market data needs no key, so no 403 means unauthorized here.
 */
export function bybitHttpStatusKind(status: number): SourceErrorKind {
  return status === 403 ? 'rate-limited' : kindOfHttpStatus(status);
}

/** Bybit's envelope: `{retCode: 0, result}` is success; any other code is the mapped SourceError. */
export function unwrapBybit(body: unknown, status: number, path: string): unknown {
  if (isRecord(body) && typeof body.retCode === 'number' && body.retCode !== 0) {
    throw new SourceError(
      bybitErrorKind(body.retCode),
      `bybit ${path}: Bybit error ${body.retCode} ${String(body.retMsg ?? '')}`,
      {
        venue: 'bybit',
        request: path,
        code: String(body.retCode),
        httpStatus: status,
      },
    );
  }
  if (status < 200 || status >= 300) {
    throw new SourceError(bybitHttpStatusKind(status), `bybit ${path}: HTTP ${status}`, {
      venue: 'bybit',
      request: path,
      httpStatus: status,
    });
  }
  if (!isRecord(body) || body.retCode !== 0 || !isRecord(body.result) || !Array.isArray(body.result.list)) {
    throw new SourceError('protocol', `bybit ${path}: answer is not {"retCode": 0, "result": {"list": [...]}}`, {
      venue: 'bybit',
      request: path,
    });
  }
  return body;
}
