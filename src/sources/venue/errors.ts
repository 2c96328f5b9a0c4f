import type { DeribitErrorKind } from '../deribit/live/errors.js';

/**
 * The closed set of transport failures of the OKX, Bybit and Binance clients: the same kinds as
 * the Deribit client (rate-limited, unavailable, timeout, network, protocol, unauthorized,
 * not-found, bad-request, rejected, closed), with the venue's own code kept in `code`.
 */
export type VenueErrorKind = DeribitErrorKind;

const RETRYABLE: ReadonlySet<VenueErrorKind> = new Set([
  'rate-limited',
  'unavailable',
  'timeout',
  'network',
  'protocol',
]);

export class VenueApiError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: VenueErrorKind,
    message: string,
    readonly details: {
      readonly venue: string;
      /** REST path, e.g. /api/v5/public/opt-summary */
      readonly path?: string;
      /** the venue's error code, as the venue writes it ("50011", 10006, -1003) */
      readonly code?: string;
      readonly httpStatus?: number;
      readonly attempts?: number;
    },
  ) {
    super(message);
    this.name = 'VenueApiError';
    this.retryable = RETRYABLE.has(kind);
  }

  get venue(): string {
    return this.details.venue;
  }
}

/** The kind of an HTTP status that came without a venue error body. */
export function kindOfHttpStatus(status: number): VenueErrorKind {
  if (status === 429 || status === 418) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  return 'bad-request';
}

/** One line for people, as describeDeribitError. */
export function describeVenueError(e: VenueApiError): string {
  const hint: Partial<Record<VenueErrorKind, string>> = {
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
