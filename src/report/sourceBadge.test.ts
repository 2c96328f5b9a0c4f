import { describe, expect, it } from 'vitest';
import { type BadgeStatus, shortAge, shortTime, sourceBadge } from './sourceBadge.js';

const live: BadgeStatus = {
  kind: 'live',
  state: 'ok',
  asOf: '2025-11-19T11:20:36.882Z',
  lastGoodAgeSeconds: 3,
  staleAfterSeconds: 60,
};

describe('the source badge', () => {
  it('says live only for a live source in good health whose data is fresh', () => {
    expect(sourceBadge(live)).toEqual({ text: 'live', state: 'ok' });
    expect(sourceBadge(live, 60)).toEqual({ text: 'live', state: 'ok' });
  });

  it('shows the age of a live source whose data has fallen behind, or whose feed is stale', () => {
    expect(sourceBadge(live, 61)).toEqual({ text: 'stale 1m 1s', state: 'stale' });
    expect(sourceBadge({ ...live, state: 'stale', reason: 'stream reconnecting' }, 42)).toEqual({
      text: 'stale 42s: stream reconnecting',
      state: 'stale',
    });
    expect(sourceBadge({ ...live, state: 'down', reason: 'HTTP 503', lastGoodAgeSeconds: null })).toEqual({
      text: 'down: HTTP 503',
      state: 'down',
    });
  });

  it('names a recorded file or a stored snapshot by its asOf, whatever its health', () => {
    const spx: BadgeStatus = { ...live, kind: 'recorded', asOf: '2022-12-13T01:30:00.000Z', staleAfterSeconds: null };
    expect(sourceBadge(spx)).toEqual({ text: 'recorded 2022-12-13 01:30 UTC', state: 'recorded' });
    expect(sourceBadge({ ...spx, kind: 'stored', asOf: '2025-11-19T11:20:36.882Z' })).toEqual({
      text: 'stored 2025-11-19 11:20:36 UTC',
      state: 'stored',
    });
  });

  it('writes times and ages short', () => {
    expect(shortTime('2022-12-13T01:30:00.000Z')).toBe('2022-12-13 01:30 UTC');
    expect([0, 42, 120, 150, 3600, 7300, 86_400, 200_000].map(shortAge)).toEqual([
      '0s',
      '42s',
      '2m',
      '2m 30s',
      '1h',
      '2h 1m',
      '1d',
      '2d 7h',
    ]);
  });
});
