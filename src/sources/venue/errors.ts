/**
 * The closed set of transport failures of every venue client (Deribit, OKX, Bybit, Binance, Cboe).
 * Each client maps its venue's own error codes onto these kinds; `retryable` says whether trying
 * again later can help.
 */
export type SourceErrorKind =
  /** the venue's "too many requests" codes, HTTP 429 or 418 (an IP ban after ignored 429s): back off */
  | 'rate-limited'
  /** maintenance, settlement, overload codes, HTTP 5xx */
  | 'unavailable'
  /** no answer within the request timeout */
  | 'timeout'
  /** connection refused, reset or closed before an answer (DNS, TCP, TLS, WebSocket drop) */
  | 'network'
  /** an answer that is not what the venue documents: malformed or truncated JSON, no result */
  | 'protocol'
  /** credentials or an authorised connection needed, HTTP 401/403 */
  | 'unauthorized'
  /** unknown method, path or instrument, HTTP 404 */
  | 'not-found'
  /** invalid request or arguments, other HTTP 4xx */
  | 'bad-request'
  /** any other venue error code: the request was understood and refused */
  | 'rejected'
  /** the client was closed while the request was pending */
  | 'closed';

const RETRYABLE: ReadonlySet<SourceErrorKind> = new Set([
  'rate-limited',
  'unavailable',
  'timeout',
  'network',
  'protocol',
]);

export interface SourceErrorDetails {
  /** the venue, as its messages name it ("Deribit", "okx") */
  readonly venue: string;
  /** the request: a JSON-RPC method (public/get_instruments) or a REST path (/api/v5/public/opt-summary) */
  readonly request?: string;
  /** the venue's error code as its answer writes it (Deribit 10028, OKX "50011", Bybit "10006") */
  readonly code?: number | string;
  readonly httpStatus?: number;
  /** attempts made before giving up */
  readonly attempts?: number;
}

/** A venue client's failure: what kind, whether retrying can help, and what the venue actually said. */
export class SourceError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly details: SourceErrorDetails,
  ) {
    super(message);
    this.name = 'SourceError';
    this.retryable = RETRYABLE.has(kind);
  }

  get venue(): string {
    return this.details.venue;
  }

  get code(): number | string | undefined {
    return this.details.code;
  }

  get request(): string | undefined {
    return this.details.request;
  }

  /** The same failure, saying how many attempts were made. */
  afterAttempts(attempts: number): SourceError {
    return new SourceError(this.kind, this.message, { ...this.details, attempts });
  }
}

/** The kind of an HTTP status that came without a venue error body (one mapping for every venue). */
export function kindOfHttpStatus(status: number): SourceErrorKind {
  if (status === 429 || status === 418) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  return 'bad-request';
}

/** One line for people: what failed, and what to do about it when that is known. */
export function describeSourceError(e: SourceError): string {
  const hint: Partial<Record<SourceErrorKind, string>> = {
    'rate-limited': `${e.venue} is rate-limiting this client; wait a minute and try again`,
    network: 'check the network and the --base-url',
    timeout: 'the venue did not answer in time',
    unavailable: 'the venue is temporarily unavailable',
  };
  const tail = hint[e.kind];
  const attempts =
    e.details.attempts !== undefined && e.details.attempts > 1 ? ` after ${e.details.attempts} attempts` : '';
  return `${e.message}${attempts}${tail ? ` (${tail})` : ''}`;
}
