import { kindOfHttpStatus, SourceError, type SourceErrorDetails, type SourceErrorKind } from '../../venue/errors.js';

/**
 * Deribit's failures as SourceErrors of the closed set (sources/venue/errors.ts): its JSON-RPC
 * error codes mapped onto the kinds below, `code` / `httpStatus` keeping what the venue said.
 *
 * - rate-limited: 10028 too_many_requests, 10066 too_many_concurrent_requests, HTTP 429/418
 * - unavailable: 10040 retry, 10041 settlement_in_progress, 10047, 11051 maintenance, 11094, 13028, 13888, HTTP 5xx
 * - unauthorized: 10000, 13004, 13009, 13021, 13778 (raw channels need an authorised connection), HTTP 401/403
 * - not-found: -32601 method not found, 10020 invalid_or_unsupported_instrument, HTTP 404
 * - bad-request: -32600, -32602, 11029 invalid_arguments, 11050 bad_request, other HTTP 4xx
 * - rejected: any other Deribit error code (the request was understood and refused)
 */

/** How Deribit's errors name their venue (the rate-limit hint reads "Deribit is rate-limiting …"). */
export const DERIBIT = 'Deribit';

/** A Deribit failure; `request` is the JSON-RPC method when there is one. */
export function deribitError(
  kind: SourceErrorKind,
  message: string,
  details: Omit<SourceErrorDetails, 'venue'> = {},
): SourceError {
  return new SourceError(kind, message, { venue: DERIBIT, ...details });
}

/** Deribit error codes by kind (documented codes only; anything else is `rejected`). */
const CODE_KINDS: ReadonlyMap<number, SourceErrorKind> = new Map<number, SourceErrorKind>([
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

export function errorKindOfCode(code: number): SourceErrorKind {
  return CODE_KINDS.get(code) ?? 'rejected';
}

/** The error for a JSON-RPC error answer `{code, message}` to `method`. */
export function errorFromRpc(method: string, error: { code: number; message: string }, httpStatus?: number) {
  const kind = errorKindOfCode(error.code);
  return deribitError(kind, `${method}: Deribit error ${error.code} ${error.message}`, {
    request: method,
    code: error.code,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
  });
}

/** The error for an HTTP status without a JSON-RPC error body (the one mapping of every venue). */
export function errorFromHttpStatus(method: string, status: number, statusText: string): SourceError {
  return deribitError(kindOfHttpStatus(status), `${method}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`, {
    request: method,
    httpStatus: status,
  });
}
