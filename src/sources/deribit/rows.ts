import type { OptionType } from '../../chain/types.js';
import { quote } from '../../core/escape.js';
import { type PayloadFields, payloadRow } from './fields.js';
import { parseDeribitOptionName } from './instrumentName.js';
import type { DeribitBookSummary, DeribitInstrument } from './payloads.js';

export const INSTRUMENTS_METHOD = 'get_instruments';
export const SUMMARIES_METHOD = 'get_book_summary_by_currency';

/** The fields of a get_instruments row that the chain needs, checked against the instrument name. */
export interface OptionInstrument {
  readonly name: string;
  readonly strike: number;
  readonly type: OptionType;
  /** epoch ms */
  readonly expiry: number;
  readonly contractSize: number;
  readonly isActive: boolean;
  readonly baseCurrency: string;
  readonly settlementCurrency: string;
}

/** The fields of a get_book_summary_by_currency row that the chain needs. */
export interface OptionSummary {
  readonly name: string;
  readonly openInterest: number;
  /** percent, as Deribit gives it */
  readonly markIv: number;
  /** in the quote currency */
  readonly markPrice: number;
  /** underlying_price: the expiry's forward, USD */
  readonly forward: number;
  readonly createdAt: number;
  /** estimated_delivery_price: the index, USD */
  readonly deliveryPrice: number;
  /** volume: 24 h traded, in the base coin (contracts × contract size); undefined when the row has none */
  readonly volume: number | undefined;
}

// beyond ±8.64e15 ms a Date is invalid and toISOString throws
const iso = (ms: number) => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'not a date');

/**
 * Reads one get_instruments row. The name must agree with the row: strike (`d` as the decimal
 * point), call/put, expiry at 08:00 UTC of the date in the name, and currency prefix.
 */
export function readInstrument(row: unknown, index: number): OptionInstrument {
  // typed explicitly so that f.fail(...) (returns never) narrows
  const f: PayloadFields<DeribitInstrument> = payloadRow(row, index, INSTRUMENTS_METHOD);
  const name = f.string('instrument_name');
  const kind = f.string('kind');
  if (kind !== 'option') f.fail('kind', `(${quote(kind)}) is not "option"`);
  const optionType = f.string('option_type');
  if (optionType !== 'call' && optionType !== 'put')
    f.fail('option_type', `(${quote(optionType)}) is not "call" or "put"`);
  const type: OptionType = optionType === 'call' ? 'C' : 'P';
  const strike = f.number('strike');
  const expiry = f.instant('expiration_timestamp');
  const contractSize = f.number('contract_size');
  const isActive = f.boolean('is_active');
  const baseCurrency = f.string('base_currency');
  const settlementCurrency = f.string('settlement_currency');

  const parsed = parseDeribitOptionName(name);
  if (parsed === undefined) f.fail('instrument_name', 'is not an option name like BTC-20NOV25-82000-C');
  if (parsed.strike !== strike) f.fail('strike', `(${strike}) disagrees with the name (strike ${parsed.strike})`);
  if (parsed.type !== type) f.fail('option_type', `(${optionType}) disagrees with the name (${parsed.type})`);
  if (parsed.expiry !== expiry) {
    f.fail('expiration_timestamp', `(${expiry}, ${iso(expiry)}) disagrees with the name (${iso(parsed.expiry)})`);
  }
  if (parsed.currency.split('_')[0] !== baseCurrency) {
    f.fail('base_currency', `(${quote(baseCurrency)}) disagrees with the name (${parsed.currency})`);
  }
  return { name, strike, type, expiry, contractSize, isActive, baseCurrency, settlementCurrency };
}

/** Reads one get_book_summary_by_currency row. */
export function readSummary(row: unknown, index: number): OptionSummary {
  const f = payloadRow<DeribitBookSummary>(row, index, SUMMARIES_METHOD);
  return {
    name: f.string('instrument_name'),
    openInterest: f.number('open_interest'),
    markIv: f.number('mark_iv'),
    markPrice: f.number('mark_price'),
    forward: f.number('underlying_price'),
    createdAt: f.instant('creation_timestamp'),
    deliveryPrice: f.number('estimated_delivery_price'),
    volume: f.has('volume') ? f.number('volume') : undefined,
  };
}
