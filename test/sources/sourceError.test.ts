import { describe, expect, it } from 'vitest';
import { unwrapBinance } from '../../src/sources/binance/errors.js';
import { errorFromHttpStatus } from '../../src/sources/deribit/live/errors.js';
import { unwrapOkx } from '../../src/sources/okx/errors.js';
import { describeSourceError, kindOfHttpStatus, SourceError } from '../../src/sources/venue/errors.js';

const thrown = (f: () => unknown): SourceError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a SourceError');
};

describe('one SourceError for every venue client', () => {
  it.each([
    [429, 'rate-limited'],
    [418, 'rate-limited'],
    [500, 'unavailable'],
    [503, 'unavailable'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not-found'],
    [400, 'bad-request'],
  ] as const)('HTTP %i without a venue error body is %s for Deribit and OKX alike', (status, kind) => {
    expect(kindOfHttpStatus(status)).toBe(kind);
    expect(errorFromHttpStatus('public/test', status, '').kind).toBe(kind);
    expect(thrown(() => unwrapOkx(undefined, status, '/api/v5/public/opt-summary')).kind).toBe(kind);
  });

  it('keeps the venue, the request and the venue code, and names the venue in the rate-limit hint', () => {
    const e = thrown(() => unwrapBinance({ code: -1003, msg: 'Too many requests' }, 429, '/eapi/v1/ticker'));
    expect(e).toMatchObject({ kind: 'rate-limited', retryable: true, venue: 'binance', request: '/eapi/v1/ticker' });
    expect(e.code).toBe('-1003');
    expect(describeSourceError(e.afterAttempts(3))).toBe(
      'binance /eapi/v1/ticker: Binance error -1003 Too many requests after 3 attempts (binance is rate-limiting this client; wait a minute and try again)',
    );
  });
});
