import { describe, expect, it } from 'vitest';
import { price } from '../../web/src/format.js';
import { type MapLevels, mapChanges } from '../../web/src/panels/changes.js';

const before: MapLevels = {
  spot: 91_629.58,
  regime: 'negative',
  gammaFlips: [96_652.47],
  callWall: 100_000,
  putWall: 90_000,
  absGammaStrike: 90_000,
};

describe('what changed since the last update', () => {
  it('is nothing when the levels are the same', () => {
    expect(mapChanges(before, { ...before }, price)).toEqual([]);
  });

  it('names a new flip, a gone flip and a wall that moved, from X to Y', () => {
    const after: MapLevels = { ...before, gammaFlips: [84_000], callWall: 105_000 };
    expect(mapChanges(before, after, price).map((c) => c.text)).toEqual([
      'new gamma flip at 84,000',
      'gamma flip at 96,652 gone',
      'call wall moved from 100,000 to 105,000',
    ]);
  });

  it('takes a flip that drifted within 0.5 % of spot for the same flip, moved', () => {
    const after: MapLevels = { ...before, gammaFlips: [96_900], regime: 'positive' };
    expect(mapChanges(before, after, price).map((c) => c.kind)).toEqual(['regime', 'flip-moved']);
  });
});
