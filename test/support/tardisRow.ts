import type { ChainSnapshot } from '../../src/chain/types.js';
import { TARDIS_OPTIONS_CHAIN_HEADER } from '../../src/sources/tardis/format.js';

/** One Tardis row (documented column order; µs timestamps, IV in percent, mark in coins) from a normalised quote. */
export function tardisRow(
  o: ChainSnapshot['options'][number],
  tsMs: number,
  over: Partial<Record<string, string>> = {},
): string {
  const cells: Record<string, string> = {
    exchange: 'deribit',
    symbol: o.instrument,
    timestamp: String(tsMs * 1000),
    local_timestamp: String(tsMs * 1000 + 150),
    type: o.type === 'C' ? 'call' : 'put',
    strike_price: String(o.strike),
    expiration: String(o.expiry * 1000),
    open_interest: String(o.openInterest),
    last_price: '',
    bid_price: '0.01',
    bid_amount: '1',
    bid_iv: String(o.iv * 100 - 1),
    ask_price: '0.02',
    ask_amount: '1',
    ask_iv: String(o.iv * 100 + 1),
    mark_price: String((o.markPrice ?? 0) / o.forward),
    mark_iv: String(o.iv * 100),
    underlying_index: 'SYN.BTC',
    underlying_price: String(o.forward),
    delta: '0.5',
    gamma: '0.0001',
    vega: '10',
    theta: '-5',
    rho: '0',
    ...over,
  };
  return TARDIS_OPTIONS_CHAIN_HEADER.map((c) => cells[c]).join(',');
}
