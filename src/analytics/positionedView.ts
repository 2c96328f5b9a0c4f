import { type ColumnarChain, columnarSubset, toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
import { checkBook, dealerPositions, type Positioning, positioningWithin } from '../positioning/models.js';
import { type ExpiryView, selectExpiries } from './views.js';
import { type GexWeight, volumeColumn } from './weight.js';

/** Options of a snapshot, columnar and positioned. */
export interface PositionedOptions {
  /** the options, in snapshot order */
  readonly selected: readonly OptionQuote[];
  /** `selected` as columns */
  readonly chain: ColumnarChain;
  /** dealer contracts per option of `chain`, + long / − short */
  readonly q: Float64Array;
}

/** The options of one view, columnar and positioned: what every part of one report reads. */
export interface PositionedView extends PositionedOptions {
  /** options in view that the model gave no position */
  readonly unpositioned: number;
}

/**
 * Selects, columnarises and positions a snapshot's view once, sized by open interest or (weight
 * `volume`) by traded volume. A user book is checked against the
 * whole snapshot (a name it does not hold is an error), then narrowed to the options in view, so
 * that a view never turns a valid position into an error.
 */
export function positionedView(
  snapshot: ChainSnapshot,
  opts: { readonly view: ExpiryView; readonly positioning: Positioning; readonly weight?: GexWeight | undefined },
): PositionedView {
  const selected = selectExpiries(snapshot, opts.view);
  const chain = toColumnar(snapshot, selected);
  const { positioning } = opts;
  if (positioning.model === 'positions') {
    checkBook(
      snapshot.options.map((o) => o.instrument),
      positioning.positions,
    );
  }
  // volume weight: the OI-sized models size by traded volume instead (see weightRule)
  const sized = opts.weight === 'volume' ? { ...chain, openInterest: volumeColumn(selected, positioning) } : chain;
  const { q, unpositioned } = dealerPositions(sized, positioningWithin(positioning, chain.instruments));
  return { selected, chain, q, unpositioned };
}

/**
 * The part of a positioned view that `keep` accepts, each option keeping its dealer position. Its
 * columns are the view's own, copied or viewed (columnarSubset), not built again from the options.
 */
export function narrowView(view: PositionedOptions, keep: (o: OptionQuote) => boolean): PositionedOptions {
  const all = view.selected;
  const indices = new Int32Array(all.length);
  let n = 0;
  for (let i = 0; i < all.length; i++) if (keep(all[i]!)) indices[n++] = i;
  const kept = indices.subarray(0, n);
  const chain = columnarSubset(view.chain, kept);
  // one run of neighbours (the view in expiry order without its first expiry): slices and a view
  const from = n > 0 ? kept[0]! : 0;
  if (n === 0 || kept[n - 1]! - from === n - 1)
    return { selected: all.slice(from, from + n), chain, q: view.q.subarray(from, from + n) };
  // plain loops: Array.from and Float64Array.from with a map function go through the iterator, many times slower
  const selected: OptionQuote[] = [];
  const q = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = kept[j]!;
    selected.push(all[i]!);
    q[j] = view.q[i]!;
  }
  return { selected, chain, q };
}
