import { MAX_PLAUSIBLE_CONTRACTS } from '../chain/admit.js';
import type { ColumnarChain } from '../chain/columnar.js';
import { at } from '../core/at.js';

/** The positioning models of DESIGN.md (`flow` positions come from a trade tape: see flow.ts). */
export type PositioningName = 'classic' | 'customer-long' | 'positions' | 'flow';

export type Positioning =
  | { readonly model: 'classic' }
  | { readonly model: 'customer-long' }
  | {
      readonly model: 'positions';
      /** dealer contracts per instrument, + long / − short */
      readonly positions: Readonly<Record<string, number>>;
    }
  | {
      readonly model: 'flow';
      /** dealer contracts per traded instrument from the tape (flowPositions); names not in the chain are ignored */
      readonly positions: Readonly<Record<string, number>>;
    };

export const POSITIONING_MEANING: Record<PositioningName, string> = {
  classic:
    'dealers long calls and short puts, |q| = open interest (equity-index convention of the public GEX literature)',
  'customer-long': 'customers bought everything: dealers short all open interest (an upper bound of dealer risk)',
  positions: 'dealer positions supplied by the user per instrument (a desk’s own book)',
  flow: 'dealers took the other side of every customer (taker) trade on the public tape, block trades included: q = −net taker buying per instrument, bounded by open interest; instruments without trades hold 0',
};

export class PositioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PositioningError';
  }
}

/**
 * A book's position for one instrument: a finite number of contracts of size below 1e9 (the open
 * interest bound), else a PositioningError naming the instrument. For every reader of a book.
 */
export function checkPositionSize(name: string, value: number, what = 'position'): number {
  if (!Number.isFinite(value)) throw new PositioningError(`${what} for ${name} (${value}) must be a finite number`);
  if (Math.abs(value) >= MAX_PLAUSIBLE_CONTRACTS) {
    throw new PositioningError(`${what} for ${name} (${value}) must be below 1e9 contracts in size`);
  }
  return value;
}

export interface DealerPositions {
  /** contracts the dealers hold per option, + long / − short */
  readonly q: Float64Array;
  /** options of the chain that the model gave no position (positions model only) */
  readonly unpositioned: number;
}

/**
 * A book's contracts per instrument of `instruments`, each size checked; an instrument the list does
 * not hold is an error naming it (a book that does not match the chain would give a silently wrong
 * map); instruments missing from the book hold zero.
 */
function bookPositions(instruments: readonly string[], positions: Readonly<Record<string, number>>): Float64Array {
  const q = new Float64Array(instruments.length);
  const index = new Map(instruments.map((name, i) => [name, i]));
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(positions)) {
    const i = index.get(name);
    if (i === undefined) unknown.push(name);
    else q[i] = checkPositionSize(name, value);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).join(', ');
    throw new PositioningError(
      `positions name ${unknown.length} instrument(s) not in the chain (expired, dropped or misspelt): ${shown}${unknown.length > 10 ? ', …' : ''}`,
    );
  }
  return q;
}

/** Checks a user book against every instrument of a snapshot, as dealerPositions would over all of it. */
export function checkBook(instruments: readonly string[], positions: Readonly<Record<string, number>>): void {
  bookPositions(instruments, positions);
}

/** A book narrowed to the named instruments (an expiry view, one venue's slice, one expiry). */
export function restrictTo(
  positions: Readonly<Record<string, number>>,
  names: Iterable<string>,
): Readonly<Record<string, number>> {
  const keep = new Set(names);
  return Object.fromEntries(Object.entries(positions).filter(([name]) => keep.has(name)));
}

/** The positioning of part of a snapshot: a user or flow book keeps only the named instruments. */
export function positioningWithin(positioning: Positioning, names: Iterable<string>): Positioning {
  if (positioning.model !== 'positions' && positioning.model !== 'flow') return positioning;
  return { model: positioning.model, positions: restrictTo(positioning.positions, names) };
}

/**
 * Dealer position per option under a positioning model. For `positions`, an instrument that
 * is not in the chain is an error that names it (a book that does not match the chain would
 * give a silently wrong map); options missing from the book hold zero.
 */
export function dealerPositions(chain: ColumnarChain, positioning: Positioning): DealerPositions {
  const q = new Float64Array(chain.n);
  switch (positioning.model) {
    case 'classic':
      for (let i = 0; i < chain.n; i++) {
        const oi = at(chain.openInterest, i);
        q[i] = chain.phi[i] === 1 ? oi : -oi;
      }
      return { q, unpositioned: 0 };
    case 'customer-long':
      for (let i = 0; i < chain.n; i++) q[i] = -at(chain.openInterest, i);
      return { q, unpositioned: 0 };
    case 'positions':
      return {
        q: bookPositions(chain.instruments, positioning.positions),
        unpositioned: chain.n - Object.keys(positioning.positions).length,
      };
    case 'flow': {
      // A tape also holds instruments that expired or were dropped: those are not errors here.
      let positioned = 0;
      for (let i = 0; i < chain.n; i++) {
        const name = at(chain.instruments, i);
        const value = positioning.positions[name];
        if (value === undefined) continue;
        q[i] = checkPositionSize(name, value, 'flow position');
        positioned++;
      }
      return { q, unpositioned: chain.n - positioned };
    }
  }
}
