import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { SourceError, type SourceErrorKind } from './errors.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, RequestPacer } from './rateLimit.js';

/** What every venue client's options share: timeouts, retries, pacing, and the fetch to use. */
export interface PacedGetOptions {
  /** per request, ms (default 10,000) */
  readonly timeoutMs?: number;
  /** retries of a retryable failure (rate limit, 5xx, timeout, network, malformed answer); default 4 */
  readonly retries?: number;
  readonly backoff?: BackoffPolicy;
  readonly rateLimit?: RateLimit;
  readonly fetch?: typeof fetch;
  /** uniform [0, 1) for the backoff jitter */
  readonly random?: () => number;
  /** aborts pending requests and waits */
  readonly signal?: AbortSignal;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

/**
 * How one venue client words a failure of the request `label` (a method or path) that no answer
 * explained: the client puts the label (and its venue) before `detail`.
 */
export type MakeFailure = (kind: SourceErrorKind, detail: string, label: string) => SourceError;

/** The answer as it came; `read` turns it into the payload or throws the venue's failure. */
export type ReadAnswer<T> = (text: string, response: Response) => T;

/** A base URL checked to be http(s), without trailing slashes. */
export function checkedBaseUrl(baseUrl: string, example?: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError(`base URL (${baseUrl}) is not a URL${example ? ` such as ${example}` : ''}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`base URL (${baseUrl}) must be http or https`);
  }
  return baseUrl.replace(/\/+$/, '');
}

function causeText(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown } };
  const detail = err?.cause && typeof err.cause.message === 'string' ? err.cause.message : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}

/**
 * GET over fetch, as every venue client does it: a token from the pacer before each request, a
 * retryable failure retried with capped exponential backoff and jitter (a rate-limit answer also
 * pauses every other request of this client for the same delay), and every failure one of the
 * venue's closed set, never a raw exception.
 */
export class PacedGet {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly pacer: RequestPacer;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly options: PacedGetOptions,
    private readonly fail: MakeFailure,
  ) {
    this.pacer = new RequestPacer(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** GETs `url` for the request `label` until `read` accepts an answer or retrying cannot help. */
  async get<T>(url: URL, label: string, read: ReadAnswer<T>, signal?: AbortSignal): Promise<T> {
    const signals = [this.options.signal, signal].filter((x): x is AbortSignal => x !== undefined);
    const cancel = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const retries = this.options.retries ?? 4;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 0; ; attempt++) {
      for (let wait = this.pacer.reserve(); wait > 0; wait = this.pacer.reserve())
        await this.pause(wait, label, cancel);
      try {
        this.stats.requests++;
        return read(...(await this.once(url, label, cancel)));
      } catch (e) {
        const err = e instanceof SourceError ? e : this.fail('network', causeText(e), label);
        if (err.kind === 'rate-limited') this.stats.rateLimited++;
        if (!err.retryable || attempt >= retries || cancel?.aborted) {
          throw err.afterAttempts(attempt + 1);
        }
        const delay = backoffDelay(policy, attempt, this.options.random);
        if (err.kind === 'rate-limited') this.pacer.pause(delay);
        this.stats.retries++;
        await this.pause(delay, label, cancel);
      }
    }
  }

  private async pause(ms: number, label: string, cancel: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, cancel);
    } catch {
      throw this.fail('closed', 'cancelled', label);
    }
  }

  private async once(url: URL, label: string, cancel: AbortSignal | undefined): Promise<[string, Response]> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    try {
      const response = await this.fetchImpl(url, { signal, headers: { accept: 'application/json' } });
      return [await response.text(), response];
    } catch (e) {
      if (cancel?.aborted) throw this.fail('closed', 'cancelled', label);
      if (timeout.aborted || (e as { name?: unknown })?.name === 'TimeoutError') {
        throw this.fail('timeout', `no answer within ${timeoutMs} ms`, label);
      }
      throw this.fail('network', `${url.origin} unreachable (${causeText(e)})`, label);
    }
  }
}
