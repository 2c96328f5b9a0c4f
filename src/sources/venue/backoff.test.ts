import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';
import { RequestPacer } from './rateLimit.js';

const policy = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };

describe('capped exponential backoff with jitter', () => {
  it('doubles from the initial delay and stops growing at the cap (no jitter drawn)', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 20].map((a) => backoffDelay(policy, a, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('draws each delay from [(1 − jitter)·d, d]', () => {
    expect(backoffDelay(policy, 2, () => 0.999999)).toBeCloseTo(200, 3);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(300);
    for (let a = 0; a < 10; a++) {
      const d = backoffDelay(policy, a, Math.random);
      const cap = Math.min(1000, 100 * 2 ** a);
      expect(d).toBeGreaterThanOrEqual(cap / 2);
      expect(d).toBeLessThanOrEqual(cap);
    }
  });

  it('sleep rejects with the reason as soon as its signal aborts', async () => {
    const ctrl = new AbortController();
    const pending = sleep(60_000, ctrl.signal);
    ctrl.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('request pacer (token bucket)', () => {
  it('lets a burst through, then spaces requests at the sustained rate', () => {
    let now = 0;
    const pacer = new RequestPacer({ perSecond: 10, burst: 3 }, () => now);
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 0, 0]);
    expect(pacer.reserve()).toBeCloseTo(100, 9);
    now = 100;
    expect(pacer.reserve()).toBe(0);
  });

  it('holds every request back for the whole pause after a rate-limit answer', () => {
    let now = 0;
    const pacer = new RequestPacer({ perSecond: 1000, burst: 1000 }, () => now);
    pacer.pause(500);
    expect(pacer.reserve()).toBe(500);
    now = 499;
    expect(pacer.reserve()).toBe(1);
    now = 501;
    expect(pacer.reserve()).toBe(0);
  });
});
