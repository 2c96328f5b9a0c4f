import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DERIBIT_BTC_DIR } from '../../golden/paths.js';

/** One option of the recorded Deribit BTC chain, in plain numbers: the material venue fixtures are built from. */
export interface RecordedOption {
  /** Deribit name, e.g. BTC-20NOV25-82000-C */
  readonly name: string;
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly expiry: number;
  readonly active: boolean;
  /** coins */
  readonly openInterest: number;
  /** percent */
  readonly markIv: number;
  readonly forward: number;
  readonly ts: number;
}

export interface RecordedChain {
  readonly options: readonly RecordedOption[];
  /** estimated_delivery_price of the latest summary: the index */
  readonly index: number;
  /** latest creation_timestamp */
  readonly asOf: number;
}

let cached: RecordedChain | undefined;

/** The recorded Deribit BTC chain (read in place), joined instrument by instrument. */
export function recordedBtcChain(): RecordedChain {
  if (cached) return cached;
  const read = (file: string) =>
    JSON.parse(readFileSync(resolve(DERIBIT_BTC_DIR, file), 'utf8')) as Record<string, unknown>[];
  const summaries = new Map(read('get_book_summary_by_currency.json').map((s) => [s.instrument_name as string, s]));
  const options: RecordedOption[] = [];
  let asOf = 0;
  let index = 0;
  for (const inst of read('get_instruments.json')) {
    const s = summaries.get(inst.instrument_name as string);
    if (s === undefined) continue;
    const ts = s.creation_timestamp as number;
    if (ts > asOf) {
      asOf = ts;
      index = s.estimated_delivery_price as number;
    }
    options.push({
      name: inst.instrument_name as string,
      strike: inst.strike as number,
      type: inst.option_type === 'call' ? 'C' : 'P',
      expiry: inst.expiration_timestamp as number,
      active: inst.is_active as boolean,
      openInterest: s.open_interest as number,
      markIv: s.mark_iv as number,
      forward: s.underlying_price as number,
      ts,
    });
  }
  cached = { options, index, asOf };
  return cached;
}

/** yymmdd (UTC) of an epoch-ms instant, as OKX and Bybit names spell expiries. */
export function yymmdd(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
}
