/** Capped exponential backoff with jitter, and an abortable sleep. */

export interface BackoffPolicy {
  /** delay before the first retry, ms */
  readonly initialMs: number;
  /** no delay exceeds this, ms */
  readonly maxMs: number;
  /** growth per attempt (2 doubles) */
  readonly factor: number;
  /**
   * share of each delay that is random, 0 … 1: the delay is drawn uniformly from
   * [(1 − jitter)·d, d] where d is the capped exponential delay, so clients that lost the same
   * connection do not come back in step.
   */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** Delay before retry number `attempt` (0 for the first retry); `random` in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return capped * (1 - jitter * random());
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
