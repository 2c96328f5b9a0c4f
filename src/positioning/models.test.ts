import { describe, expect, it } from 'vitest';
import { handChain } from '../../test/support/syntheticChain.js';
import { toColumnar } from '../chain/columnar.js';
import { at } from '../core/at.js';
import { checkBook, dealerPositions, PositioningError, positioningWithin, restrictTo } from './models.js';

const snap = handChain([
  { strike: 100, type: 'C', oi: 10 },
  { strike: 90, type: 'P', oi: 20 },
]);
const chain = toColumnar(snap, snap.options);

describe('dealer positioning models', () => {
  it('classic: dealers long calls and short puts by open interest', () => {
    expect(Array.from(dealerPositions(chain, { model: 'classic' }).q)).toEqual([10, -20]);
  });

  it('customer-long: dealers short all open interest', () => {
    expect(Array.from(dealerPositions(chain, { model: 'customer-long' }).q)).toEqual([-10, -20]);
  });

  it('positions: takes the user book and counts options it does not cover', () => {
    const name = at(chain.instruments, 1);
    const p = dealerPositions(chain, { model: 'positions', positions: { [name]: 7.5 } });
    expect(Array.from(p.q)).toEqual([0, 7.5]);
    expect(p.unpositioned).toBe(1);
  });

  it('positions: names an instrument that is not in the chain', () => {
    expect(() => dealerPositions(chain, { model: 'positions', positions: { 'BTC-1JAN30-1-C': 1 } })).toThrow(
      /BTC-1JAN30-1-C/,
    );
  });

  it('positions and flow: refuse a size of 1e9 contracts or more, naming the instrument', () => {
    const name = at(chain.instruments, 0);
    expect(Array.from(dealerPositions(chain, { model: 'positions', positions: { [name]: 999_999_999 } }).q)).toEqual([
      999_999_999, 0,
    ]);
    expect(() => dealerPositions(chain, { model: 'positions', positions: { [name]: -1e9 } })).toThrow(
      new PositioningError(`position for ${name} (-1000000000) must be below 1e9 contracts in size`),
    );
    expect(() => dealerPositions(chain, { model: 'flow', positions: { [name]: 1e308 } })).toThrow(
      `flow position for ${name} (1e+308) must be below 1e9 contracts in size`,
    );
  });

  it('checkBook: refuses a book naming an instrument the snapshot does not list, as dealerPositions does', () => {
    const book = { [at(chain.instruments, 0)]: 1, 'BTC-1JAN30-1-C': 2 };
    expect(() => checkBook(chain.instruments, book)).toThrow(
      new PositioningError(
        'positions name 1 instrument(s) not in the chain (expired, dropped or misspelt): BTC-1JAN30-1-C',
      ),
    );
    expect(() => checkBook(chain.instruments, { [at(chain.instruments, 1)]: 3 })).not.toThrow();
  });
});

describe('narrowing a book to part of a chain', () => {
  const [a, b] = chain.instruments as [string, string];

  it('restrictTo keeps the entries of the named instruments only', () => {
    expect(restrictTo({ [a]: 1, [b]: -2, other: 3 }, [b, 'missing'])).toEqual({ [b]: -2 });
  });

  it('positioningWithin narrows a user or flow book and leaves the open-interest models as they are', () => {
    expect(positioningWithin({ model: 'positions', positions: { [a]: 1, [b]: 2 } }, [a])).toEqual({
      model: 'positions',
      positions: { [a]: 1 },
    });
    expect(positioningWithin({ model: 'flow', positions: { [a]: 1, [b]: 2 } }, [b])).toEqual({
      model: 'flow',
      positions: { [b]: 2 },
    });
    const classic = { model: 'classic' } as const;
    expect(positioningWithin(classic, [a])).toBe(classic);
  });
});
