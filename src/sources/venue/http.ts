import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from '../deribit/live/backoff.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, RequestPacer } from '../deribit/live/rateLimit.js';
import { kindOfHttpStatus, VenueApiError } from './errors.js';

export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * A venue's answer envelope: returns the payload of a successful answer, or throws the
 * VenueApiError its error code maps to. `body` is the parsed JSON; `status` the HTTP status.
 */
export type Unwrap = (body: unknown, status: number, path: string) => unknown;

export interface VenueHttpOptions {
  /** the venue's REST origin or a local server; paths are appended */
  readonly baseUrl: string;
  /** per request, ms (default 10,000) */
  readonly timeoutMs?: number;
  /** retries of a retryable failure; default 4 */
  readonly retries?: number;
  readonly backoff?: BackoffPolicy;
  readonly rateLimit?: RateLimit;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  readonly signal?: AbortSignal;
  /** `json` (default): the answer is parsed before `unwrap`; `text`: `unwrap` gets the text as it came */
  readonly format?: 'json' | 'text';
}

function causeText(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown } };
  const detail = err?.cause && typeof err.cause.message === 'string' ? err.cause.message : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}

/**
 * Public REST over fetch for one venue, in the manner of DeribitHttp: a token bucket before every
 * request, capped jittered backoff on retryable failures (a rate-limit answer pauses every request
 * of the client), and every failure a VenueApiError of the closed set.
 */
export class VenueHttp {
  readonly baseUrl: string;
  readonly stats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly pacer: RequestPacer;
  private readonly fetchImpl: typeof fetch;

  constructor(
    readonly venue: string,
    private readonly unwrap: Unwrap,
    private readonly options: VenueHttpOptions,
  ) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new RangeError(`base URL (${options.baseUrl}) is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RangeError(`base URL (${options.baseUrl}) must be http or https`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pacer = new RequestPacer(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** GET `path` with `params`; returns the unwrapped payload. */
  async get(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<unknown> {
    const signals = [this.options.signal, signal].filter((x): x is AbortSignal => x !== undefined);
    const cancel = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const retries = this.options.retries ?? 4;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 0; ; attempt++) {
      for (let wait = this.pacer.reserve(); wait > 0; wait = this.pacer.reserve()) await this.pause(wait, path, cancel);
      try {
        this.stats.requests++;
        return await this.once(path, params, cancel);
      } catch (e) {
        const err =
          e instanceof VenueApiError
            ? e
            : new VenueApiError('network', `${this.venue} ${path}: ${causeText(e)}`, { venue: this.venue, path });
        if (err.kind === 'rate-limited') this.stats.rateLimited++;
        if (!err.retryable || attempt >= retries || cancel?.aborted) {
          throw new VenueApiError(err.kind, err.message, { ...err.details, attempts: attempt + 1 });
        }
        const delay = backoffDelay(policy, attempt, this.options.random);
        if (err.kind === 'rate-limited') this.pacer.pause(delay);
        this.stats.retries++;
        await this.pause(delay, path, cancel);
      }
    }
  }

  private async pause(ms: number, path: string, cancel: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, cancel);
    } catch {
      throw new VenueApiError('closed', `${this.venue} ${path}: cancelled`, { venue: this.venue, path });
    }
  }

  private async once(path: string, params: QueryParams, cancel: AbortSignal | undefined): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    const venue = this.venue;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { signal, headers: { accept: 'application/json' } });
      text = await response.text();
    } catch (e) {
      if (cancel?.aborted) throw new VenueApiError('closed', `${venue} ${path}: cancelled`, { venue, path });
      if (timeout.aborted) {
        throw new VenueApiError('timeout', `${venue} ${path}: no answer within ${timeoutMs} ms`, { venue, path });
      }
      throw new VenueApiError('network', `${venue} ${path}: ${url.origin} unreachable (${causeText(e)})`, {
        venue,
        path,
      });
    }
    if (this.options.format === 'text') return this.unwrap(text, response.status, path);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (!response.ok) {
        throw new VenueApiError(kindOfHttpStatus(response.status), `${venue} ${path}: HTTP ${response.status}`, {
          venue,
          path,
          httpStatus: response.status,
        });
      }
      throw new VenueApiError(
        'protocol',
        `${venue} ${path}: answer is not JSON (malformed or truncated, ${text.length} bytes)`,
        { venue, path, httpStatus: response.status },
      );
    }
    return this.unwrap(body, response.status, path);
  }
}
