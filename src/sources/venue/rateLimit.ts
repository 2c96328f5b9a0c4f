/**
 * A token bucket in front of every request, and a shared pause after the venue says "too many
 * requests": venues charge per request and refill at a steady rate (Deribit's credits, OKX's and
 * Bybit's per-second limits, Binance's weights), so a client that spaces its requests never meets
 * the venue's rate-limit error in normal use.
 */
export interface RateLimit {
  /** sustained requests per second */
  readonly perSecond: number;
  /** requests that may go at once after a quiet spell */
  readonly burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 10 };

export class RequestPacer {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0 && limit.burst >= 1)) {
      throw new RangeError(`rate limit needs perSecond > 0 and burst >= 1 (got ${limit.perSecond}, ${limit.burst})`);
    }
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Milliseconds to wait before the next request may go; takes its token when that is 0. */
  reserve(): number {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.last) / 1000) * this.limit.perSecond);
    this.last = t;
    const paused = this.pausedUntil - t;
    if (paused > 0) return paused;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.limit.perSecond) * 1000;
  }

  /** Holds every request back for `ms` (after a rate-limit answer). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
  }
}
