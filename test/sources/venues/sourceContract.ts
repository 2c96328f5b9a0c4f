import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../../src/chain/types.js';

/** What every REST source's transport failure carries (a SourceError). */
export interface SourceFailure {
  readonly kind: string;
  readonly retryable: boolean;
  readonly details: { readonly attempts?: number };
}

export type FaultName =
  | 'http429'
  | 'venueRateLimit'
  | 'malformed'
  | 'truncated'
  | 'slow'
  | 'dropConnection'
  | 'badRequest';

/** A venue adapter as the contract suite drives it: a replay server with faults, and the client under test. */
export interface SourceUnderTest {
  readonly name: string;
  /** starts the venue's replay server */
  start(): Promise<{
    /** the next `count` answers carry the fault (slow: later than the client's timeout) */
    fault(name: FaultName, count: number): void;
    /** faulty answers still to give (0 once every one set was given) */
    left(): number;
    clear(): void;
    close(): Promise<void>;
  }>;
  /** fetches one snapshot with `retries` retries, millisecond backoff and the given request timeout */
  fetch(opts: { readonly retries: number; readonly timeoutMs: number }): Promise<ChainSnapshot>;
  /** the snapshot the replayed payloads must parse to (read without the transport) */
  expected(): ChainSnapshot | Promise<ChainSnapshot>;
  /** the error class of the adapter's transport */
  readonly errorClass: new (
    ...args: never[]
  ) => Error;
  /** faults this replay server cannot produce */
  readonly unsupported?: readonly FaultName[];
}

async function failure(p: Promise<unknown>, errorClass: SourceUnderTest['errorClass']): Promise<SourceFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(errorClass);
    return e as unknown as SourceFailure;
  }
  throw new Error('expected the fetch to fail');
}

/** The source contract: every REST venue adapter passes these against its own replay server. */
export function describeSourceContract(source: SourceUnderTest): void {
  describe(`source contract: ${source.name}`, () => {
    let server: Awaited<ReturnType<SourceUnderTest['start']>>;
    const supports = (f: FaultName) => !(source.unsupported ?? []).includes(f);
    beforeAll(async () => {
      server = await source.start();
    });
    afterAll(async () => {
      await server.close();
    });
    afterEach(() => server.clear());
    const fetchOk = () => source.fetch({ retries: 3, timeoutMs: 2000 });

    it('parses the replayed answers to the same snapshot as the payloads read without transport', async () => {
      const live = await fetchOk();
      const expected = await source.expected();
      expect({ ...live, source: '' }).toEqual({ ...expected, source: '' });
      expect(live.options.length).toBeGreaterThan(100);
    });

    for (const f of ['http429', 'venueRateLimit', 'malformed', 'truncated', 'dropConnection'] as const) {
      it.skipIf(!supports(f))(`recovers from ${f} answers by retrying`, async () => {
        server.fault(f, 2);
        const live = await fetchOk();
        expect(live.options.length).toBeGreaterThan(100);
        expect(server.left()).toBe(0);
      });
    }

    it('retries an answer slower than the request timeout and then succeeds', async () => {
      server.fault('slow', 1);
      const live = await source.fetch({ retries: 3, timeoutMs: 150 });
      expect(live.options.length).toBeGreaterThan(100);
      expect(server.left()).toBe(0);
    });

    it('gives up on a lasting rate limit with a retryable rate-limited error that counts its attempts', async () => {
      server.fault('http429', 100);
      const e = await failure(source.fetch({ retries: 2, timeoutMs: 2000 }), source.errorClass);
      expect(e.kind).toBe('rate-limited');
      expect(e.retryable).toBe(true);
      expect(e.details.attempts).toBe(3);
    });

    it.skipIf(!supports('venueRateLimit'))('maps the venue rate-limit code to rate-limited', async () => {
      server.fault('venueRateLimit', 100);
      const e = await failure(source.fetch({ retries: 1, timeoutMs: 2000 }), source.errorClass);
      expect(e.kind).toBe('rate-limited');
    });

    it('reports lasting malformed answers as a protocol error', async () => {
      server.fault('malformed', 100);
      const e = await failure(source.fetch({ retries: 1, timeoutMs: 2000 }), source.errorClass);
      expect(e.kind).toBe('protocol');
    });

    it('fails at once, without retrying, on a request the venue refuses as bad', async () => {
      server.fault('badRequest', 100);
      const e = await failure(source.fetch({ retries: 3, timeoutMs: 2000 }), source.errorClass);
      expect(e.kind).toBe('bad-request');
      expect(e.retryable).toBe(false);
      expect(e.details.attempts).toBe(1);
    });
  });
}
