import { createHmac } from 'node:crypto';
import type { ResolvedWebhook } from './config.js';
import type { Alert } from './detect.js';

export interface DeliveryLog {
  readonly webhook: string;
  readonly kind: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'retrying' | 'gave-up';
  readonly detail?: string;
}

export interface DeliveryOptions {
  readonly retries: number;
  readonly backoffMs: number;
  readonly timeoutMs?: number;
  /** receives one line per attempt; never sees URLs or secrets */
  readonly log?: (entry: DeliveryLog) => void;
  readonly fetchImpl?: typeof fetch;
  readonly random?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts alerts to webhooks in the background: `send` returns at once, each delivery retries with
 * exponential backoff and jitter, and failures are logged by webhook name only (URLs may carry
 * tokens). With a secret, the body is signed: `x-gexmap-signature: sha256=<hex HMAC of the body>`.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  constructor(
    private readonly webhooks: readonly ResolvedWebhook[],
    private readonly options: DeliveryOptions,
  ) {}

  send(alert: Alert): void {
    for (const hook of this.webhooks) {
      if (hook.kinds && !hook.kinds.includes(alert.kind)) continue;
      const p = this.deliver(hook, alert).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /** Resolves when every delivery started so far has succeeded or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(hook: ResolvedWebhook, alert: Alert): Promise<void> {
    const body = JSON.stringify(alert);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'gexmap-alerts' };
    if (hook.secret)
      headers['x-gexmap-signature'] = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
    const doFetch = this.options.fetchImpl ?? fetch;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt++) {
      let detail: string;
      try {
        const res = await doFetch(hook.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        if (res.ok) {
          this.options.log?.({ webhook: hook.name, kind: alert.kind, attempt, outcome: 'delivered' });
          return;
        }
        detail = `HTTP ${res.status}`;
        // A 4xx other than 408/429 will not get better by retrying.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          this.options.log?.({ webhook: hook.name, kind: alert.kind, attempt, outcome: 'gave-up', detail });
          return;
        }
      } catch (e) {
        detail = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
      }
      const last = attempt === this.options.retries + 1;
      this.options.log?.({
        webhook: hook.name,
        kind: alert.kind,
        attempt,
        outcome: last ? 'gave-up' : 'retrying',
        detail,
      });
      if (!last) await sleep(this.options.backoffMs * 2 ** (attempt - 1) * (0.5 + random()));
    }
  }
}
