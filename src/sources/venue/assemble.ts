import { admitQuote } from '../../chain/admit.js';
import type { DroppedRow, OptionQuote } from '../../chain/types.js';

/** What every venue's instrument list gives: the contract terms and whether it trades. */
export interface ListedOption {
  readonly name: string;
  readonly expiry: number;
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly trading: boolean;
}

export interface AssembleOptions<I extends ListedOption, Q> {
  readonly asOf: number;
  readonly maxIv?: number | undefined;
  /** the field named on a dropped inactive instrument ("state", "status") */
  readonly statusField: string;
  /** the answer named on an instrument without a quote (the venue's quote endpoint) */
  readonly quoteSource: string;
  /** a venue's own reason to drop a quoted instrument (checked after inactive and missing-quote) */
  readonly drop?: (instrument: I, quote: Q) => DroppedRow | undefined;
  /** the venue's fields of one quoted option, beyond the contract terms */
  readonly quote: (
    instrument: I,
    quote: Q,
  ) => Pick<OptionQuote, 'openInterest' | 'iv' | 'forward' | 'multiplier' | 'markPrice'>;
}

/**
 * Joins a venue's instrument list with its quotes the same way for every venue: an instrument that
 * does not trade is dropped as inactive, one without a quote as missing-quote, one the venue's
 * `drop` names as it says, and the rest go through admitQuote (zero OI, no vol, expired: dropped and counted; impossible values: an error).
 */
export function assembleOptions<I extends ListedOption, Q>(
  instruments: Iterable<I>,
  quotes: ReadonlyMap<string, Q>,
  opts: AssembleOptions<I, Q>,
): { options: OptionQuote[]; dropped: DroppedRow[] } {
  const admit = opts.maxIv === undefined ? { asOf: opts.asOf } : { asOf: opts.asOf, maxIv: opts.maxIv };
  const options: OptionQuote[] = [];
  const dropped: DroppedRow[] = [];
  for (const inst of instruments) {
    if (!inst.trading) {
      dropped.push({ where: inst.name, field: opts.statusField, reason: 'inactive-instrument' });
      continue;
    }
    const q = quotes.get(inst.name);
    if (q === undefined) {
      dropped.push({ where: inst.name, field: opts.quoteSource, reason: 'missing-quote' });
      continue;
    }
    const own = opts.drop?.(inst, q);
    if (own !== undefined) {
      dropped.push(own);
      continue;
    }
    const { markPrice, ...terms } = opts.quote(inst, q);
    const quote: OptionQuote = {
      instrument: inst.name,
      expiry: inst.expiry,
      strike: inst.strike,
      type: inst.type,
      ...terms,
      ...(markPrice !== undefined ? { markPrice } : {}),
    };
    const admitted = admitQuote(quote, inst.name, admit, dropped);
    if (admitted !== undefined) options.push(admitted);
  }
  return { options, dropped };
}
