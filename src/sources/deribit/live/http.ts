import { isRecord } from '../fields.js';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { DeribitApiError, errorFromHttpStatus, errorFromRpc } from './errors.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, RequestPacer } from './rateLimit.js';

export const DERIBIT_PRODUCTION_URL = 'https://www.deribit.com';
export const DERIBIT_TESTNET_URL = 'https://test.deribit.com';

export type RpcParams = Readonly<Record<string, string | number | boolean | undefined>>;

export interface DeribitHttpOptions {
  /** `https://www.deribit.com`, `https://test.deribit.com` or a local server; `/api/v2/<method>` is appended */
  readonly baseUrl: string;
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

function nameOf(e: unknown): string {
  return isRecord(e) && typeof e.name === 'string' ? e.name : '';
}

function causeText(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  const cause = err?.cause;
  const detail = cause && typeof cause.message === 'string' ? cause.message : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}

/**
 * JSON-RPC over HTTP with fetch: `GET <base>/api/v2/<method>?<params>`. Every request first takes
 * a token from the pacer; a retryable failure is retried with capped exponential backoff and
 * jitter, and a rate-limit answer (HTTP 429, error 10028) also pauses every other request of this
 * client for the same delay. Failures are DeribitApiErrors (see errors.ts), never raw exceptions.
 */
export class DeribitHttp {
  readonly baseUrl: string;
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly pacer: RequestPacer;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: DeribitHttpOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new RangeError(`base URL (${options.baseUrl}) is not a URL such as ${DERIBIT_PRODUCTION_URL}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RangeError(`base URL (${options.baseUrl}) must be http or https`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pacer = new RequestPacer(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Calls `method` (e.g. `public/get_instruments`) and returns its `result`; `signal` cancels this call only. */
  async call(method: string, params: RpcParams = {}, signal?: AbortSignal): Promise<unknown> {
    const signals = [this.options.signal, signal].filter((x): x is AbortSignal => x !== undefined);
    const cancel = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const retries = this.options.retries ?? 4;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 0; ; attempt++) {
      for (let wait = this.pacer.reserve(); wait > 0; wait = this.pacer.reserve()) {
        await this.pause(wait, method, cancel);
      }
      try {
        this.stats.requests++;
        return await this.once(method, params, cancel);
      } catch (e) {
        const err = e instanceof DeribitApiError ? e : new DeribitApiError('network', `${method}: ${causeText(e)}`);
        if (err.kind === 'rate-limited') this.stats.rateLimited++;
        if (!err.retryable || attempt >= retries || cancel?.aborted) {
          throw new DeribitApiError(err.kind, err.message, { ...err.details, method, attempts: attempt + 1 });
        }
        const delay = backoffDelay(policy, attempt, this.options.random);
        if (err.kind === 'rate-limited') this.pacer.pause(delay);
        this.stats.retries++;
        await this.pause(delay, method, cancel);
      }
    }
  }

  private async pause(ms: number, method: string, cancel: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, cancel);
    } catch {
      throw new DeribitApiError('closed', `${method}: cancelled`, { method });
    }
  }

  private async once(method: string, params: RpcParams, cancel: AbortSignal | undefined): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/api/v2/${method}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    const fail = (e: unknown): never => {
      if (cancel?.aborted) throw new DeribitApiError('closed', `${method}: cancelled`, { method });
      if (timeout.aborted || nameOf(e) === 'TimeoutError') {
        throw new DeribitApiError('timeout', `${method}: no answer within ${this.options.timeoutMs ?? 10_000} ms`, {
          method,
        });
      }
      throw new DeribitApiError('network', `${method}: ${url.origin} unreachable (${causeText(e)})`, { method });
    };
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { signal, headers: { accept: 'application/json' } });
      text = await response.text();
    } catch (e) {
      return fail(e);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
      throw new DeribitApiError(
        'protocol',
        `${method}: answer is not JSON (malformed or truncated, ${text.length} bytes)`,
        {
          method,
          httpStatus: response.status,
        },
      );
    }
    if (isRecord(body) && isRecord(body.error)) {
      const { code, message } = body.error;
      if (typeof code === 'number')
        throw errorFromRpc(method, { code, message: String(message ?? '') }, response.status);
    }
    if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
    if (!isRecord(body) || !('result' in body)) {
      throw new DeribitApiError('protocol', `${method}: answer has no JSON-RPC result`, { method });
    }
    return body.result;
  }
}
