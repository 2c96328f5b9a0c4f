import { describe, expectTypeOf, it } from 'vitest';
import type { MapSummary } from '../../src/analytics/headline.js';
import type { SnapshotSummary } from '../../src/store/types.js';

// Checked by the compiler (npm test runs tsc first): a field renamed or retyped on either side fails.
describe('the stored snapshot summary', () => {
  it('holds the map summary fields of analytics with the same types, gammaFlips as flips', () => {
    expectTypeOf<Omit<SnapshotSummary, 'spot' | 'options' | 'flips'>>().toEqualTypeOf<
      Pick<
        MapSummary,
        'netGex' | 'callGex' | 'putGex' | 'regime' | 'nearestFlip' | 'distanceToFlipPct' | 'callWall' | 'putWall'
      >
    >();
    expectTypeOf<SnapshotSummary['flips']>().toEqualTypeOf<Readonly<MapSummary['gammaFlips']>>();
  });
});
