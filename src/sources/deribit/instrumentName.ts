import type { OptionType } from '../../chain/types.js';

/** The parts of a Deribit option name, `BTC-20NOV25-82000-C` or `XRP_USDC-20NOV25-2d5-C`. */
export interface DeribitOptionName {
  /** `BTC`, or `XRP_USDC` for linear options */
  readonly currency: string;
  /** 08:00 UTC of the date in the name, epoch ms */
  readonly expiry: number;
  /** strike, `d` read as the decimal point */
  readonly strike: number;
  readonly type: OptionType;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/** Deribit options expire at 08:00 UTC. */
export const DERIBIT_EXPIRY_HOUR_UTC = 8;

const OPTION_NAME = /^([A-Z0-9]+(?:_[A-Z0-9]+)?)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:d\d+)?)-([CP])$/;

/** Parses an option name; undefined when it is not one (bad pattern, month or calendar date). */
export function parseDeribitOptionName(name: string): DeribitOptionName | undefined {
  const m = OPTION_NAME.exec(name);
  if (m === null) return undefined;
  const [, currency = '', dayText = '', monthText = '', yearText = '', strikeText = '', type] = m;
  const month = MONTHS.indexOf(monthText as (typeof MONTHS)[number]);
  const year = 2000 + Number(yearText);
  const day = Number(dayText);
  if (month < 0 || day < 1 || day > new Date(Date.UTC(year, month + 1, 0)).getUTCDate()) return undefined;
  return {
    currency,
    expiry: Date.UTC(year, month, day, DERIBIT_EXPIRY_HOUR_UTC),
    strike: Number(strikeText.replace('d', '.')),
    type: type === 'C' ? 'C' : 'P',
  };
}
