/**
 * The closed set of failures of the Deribit transport. Every error the HTTP and WebSocket clients
 * raise is a DeribitApiError with one of these kinds; `retryable` says whether trying again later
 * can help, and `code` / `httpStatus` keep what the venue actually said.
 */
export type DeribitErrorKind =
  /** 10028 too_many_requests, 10066 too_many_concurrent_requests, HTTP 429: back off */
  | 'rate-limited'
  /** 10040 retry, 10041 settlement_in_progress, 10047, 11051 maintenance, 11094, 13028, 13888, HTTP 5xx */
  | 'unavailable'
  /** no answer within the request timeout */
  | 'timeout'
  /** connection refused, reset or closed before an answer (DNS, TCP, TLS, WebSocket drop) */
  | 'network'
  /** an answer that is not the JSON-RPC we expect: malformed or truncated JSON, no result */
  | 'protocol'
  /** 10000, 13004, 13009, 13021, 13778 (raw channels need an authorised connection) or HTTP 401/403 */
  | 'unauthorized'
  /** -32601 method not found, 10020 invalid_or_unsupported_instrument, HTTP 404 */
  | 'not-found'
  /** -32600, -32602, 11029 invalid_arguments, 11050 bad_request, other HTTP 4xx */
  | 'bad-request'
  /** any other Deribit error code: the request was understood and refused */
  | 'rejected'
  /** the client was closed while the request was pending */
  | 'closed';

const RETRYABLE: ReadonlySet<DeribitErrorKind> = new Set([
  'rate-limited',
  'unavailable',
  'timeout',
  'network',
  'protocol',
]);

export class DeribitApiError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: DeribitErrorKind,
    message: string,
    readonly details: {
      /** JSON-RPC method, e.g. public/get_instruments */
      readonly method?: string;
      /** Deribit's error code */
      readonly code?: number;
      readonly httpStatus?: number;
      /** attempts made before giving up */
      readonly attempts?: number;
    } = {},
  ) {
    super(message);
    this.name = 'DeribitApiError';
    this.retryable = RETRYABLE.has(kind);
  }

  get code(): number | undefined {
    return this.details.code;
  }

  get method(): string | undefined {
    return this.details.method;
  }
}

/** Deribit error codes by kind (documented codes only; anything else is `rejected`). */
const CODE_KINDS: ReadonlyMap<number, DeribitErrorKind> = new Map<number, DeribitErrorKind>([
  [10028, 'rate-limited'], // too_many_requests
  [10066, 'rate-limited'], // too_many_concurrent_requests
  [10040, 'unavailable'], // retry
  [10041, 'unavailable'], // settlement_in_progress
  [10047, 'unavailable'], // matching_engine_queue_full
  [11051, 'unavailable'], // system_maintenance
  [11094, 'unavailable'], // internal_server_error
  [13028, 'unavailable'], // temporarily_unavailable
  [13888, 'unavailable'], // timed_out
  [10000, 'unauthorized'], // authorization_required
  [13004, 'unauthorized'], // invalid_credentials
  [13009, 'unauthorized'], // unauthorized / invalid_token
  [13021, 'unauthorized'], // forbidden
  [13778, 'unauthorized'], // raw_subscriptions_not_available_for_unauthorized
  [-32601, 'not-found'], // method not found
  [10020, 'not-found'], // invalid_or_unsupported_instrument
  [-32600, 'bad-request'], // invalid request
  [-32602, 'bad-request'], // invalid params
  [-32700, 'bad-request'], // parse error (our request was not JSON)
  [11029, 'bad-request'], // invalid_arguments
  [11050, 'bad-request'], // bad_request
]);

export function errorKindOfCode(code: number): DeribitErrorKind {
  return CODE_KINDS.get(code) ?? 'rejected';
}

/** The error for a JSON-RPC error answer `{code, message}` to `method`. */
export function errorFromRpc(method: string, error: { code: number; message: string }, httpStatus?: number) {
  const kind = errorKindOfCode(error.code);
  return new DeribitApiError(kind, `${method}: Deribit error ${error.code} ${error.message}`, {
    method,
    code: error.code,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
  });
}

/** The error for an HTTP status without a JSON-RPC error body. */
export function errorFromHttpStatus(method: string, status: number, statusText: string): DeribitApiError {
  const kind: DeribitErrorKind =
    status === 429
      ? 'rate-limited'
      : status >= 500
        ? 'unavailable'
        : status === 401 || status === 403
          ? 'unauthorized'
          : status === 404
            ? 'not-found'
            : 'bad-request';
  return new DeribitApiError(kind, `${method}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`, {
    method,
    httpStatus: status,
  });
}

/** One line for people: what failed, and what to do about it when that is known. */
export function describeDeribitError(e: DeribitApiError): string {
  const hint: Partial<Record<DeribitErrorKind, string>> = {
    'rate-limited': 'Deribit is rate-limiting this client; wait a minute and try again',
    network: 'check the network and the --base-url',
    timeout: 'the venue did not answer in time',
    unavailable: 'the venue is temporarily unavailable',
  };
  const tail = hint[e.kind];
  const attempts =
    e.details.attempts !== undefined && e.details.attempts > 1 ? ` after ${e.details.attempts} attempts` : '';
  return `${e.message}${attempts}${tail ? ` (${tail})` : ''}`;
}
