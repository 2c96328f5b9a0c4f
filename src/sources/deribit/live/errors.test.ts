import { describe, expect, it } from 'vitest';
import { describeSourceError, type SourceErrorKind } from '../../venue/errors.js';
import { deribitError, errorFromHttpStatus, errorFromRpc, errorKindOfCode } from './errors.js';

describe('Deribit error codes map onto a closed set of kinds', () => {
  it.each([
    [10028, 'rate-limited'],
    [10066, 'rate-limited'],
    [10040, 'unavailable'],
    [10041, 'unavailable'],
    [10047, 'unavailable'],
    [11051, 'unavailable'],
    [11094, 'unavailable'],
    [13028, 'unavailable'],
    [13888, 'unavailable'],
    [13009, 'unauthorized'],
    [10000, 'unauthorized'],
    [-32601, 'not-found'],
    [10020, 'not-found'],
    [-32602, 'bad-request'],
    [11029, 'bad-request'],
    [11050, 'bad-request'],
    [10009, 'rejected'],
    [99999, 'rejected'],
  ] as const)('code %i is %s', (code, kind) => {
    expect(errorKindOfCode(code)).toBe(kind);
  });

  it('makes rate limits, unavailability, timeouts, network drops and malformed answers retryable, nothing else', () => {
    const retryable = (kind: SourceErrorKind) => deribitError(kind, 'x').retryable;
    expect(['rate-limited', 'unavailable', 'timeout', 'network', 'protocol'].every((k) => retryable(k as never))).toBe(
      true,
    );
    expect(['unauthorized', 'not-found', 'bad-request', 'rejected', 'closed'].some((k) => retryable(k as never))).toBe(
      false,
    );
  });

  it('keeps the method, code and HTTP status of a JSON-RPC error and names them in the message', () => {
    const e = errorFromRpc('public/get_instruments', { code: 10028, message: 'too_many_requests' }, 429);
    expect(e).toMatchObject({ kind: 'rate-limited', code: 10028, request: 'public/get_instruments', venue: 'Deribit' });
    expect(e.details.httpStatus).toBe(429);
    expect(e.message).toBe('public/get_instruments: Deribit error 10028 too_many_requests');
  });

  it.each([
    [429, 'rate-limited'],
    [418, 'rate-limited'],
    [503, 'unavailable'],
    [500, 'unavailable'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not-found'],
    [400, 'bad-request'],
  ] as const)('HTTP %i without a JSON-RPC body is %s', (status, kind) => {
    expect(errorFromHttpStatus('public/test', status, '').kind).toBe(kind);
  });

  it('describes a rate limit for people, with the attempts made', () => {
    const e = deribitError('rate-limited', 'public/test: HTTP 429', { attempts: 5 });
    expect(describeSourceError(e)).toBe(
      'public/test: HTTP 429 after 5 attempts (Deribit is rate-limiting this client; wait a minute and try again)',
    );
  });
});
