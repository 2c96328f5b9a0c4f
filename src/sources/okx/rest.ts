import type { ChainSnapshot } from '../../chain/types.js';
import { allOrNothing } from '../venue/allOrNothing.js';
import { VenueHttp, type VenueHttpOptions } from '../venue/http.js';
import { unwrapOkx } from './errors.js';
import { OKX_INDEX_TICKERS, OKX_INSTRUMENTS, OKX_OPEN_INTEREST, OKX_OPT_SUMMARY, parseOkxChain } from './parse.js';

export const OKX_PRODUCTION_URL = 'https://www.okx.com';

export function okxHttp(options: Partial<VenueHttpOptions> = {}): VenueHttp {
  return new VenueHttp('okx', unwrapOkx, { baseUrl: OKX_PRODUCTION_URL, ...options });
}

/** OKX's option family of a coin: BTC → BTC-USD (coin-margined options, the listed family). */
export function okxFamily(currency: string): string {
  const c = currency.toUpperCase();
  return c.includes('-') ? c : `${c}-USD`;
}

export interface OkxPayloads {
  readonly instruments: unknown;
  readonly summaries: unknown;
  readonly openInterest: unknown;
  readonly indexTickers: unknown;
}

/** The four REST answers side by side; the first failure cancels the others. */
export async function fetchOkxPayloads(http: VenueHttp, family: string): Promise<OkxPayloads> {
  const [instruments, summaries, openInterest, indexTickers] = await allOrNothing<[unknown, unknown, unknown, unknown]>(
    (signal) => [
      http.get(OKX_INSTRUMENTS, { instType: 'OPTION', instFamily: family }, signal),
      http.get(OKX_OPT_SUMMARY, { instFamily: family }, signal),
      http.get(OKX_OPEN_INTEREST, { instType: 'OPTION', instFamily: family }, signal),
      http.get(OKX_INDEX_TICKERS, { instId: family }, signal),
    ],
  );
  return { instruments, summaries, openInterest, indexTickers };
}

/** A chain snapshot from OKX REST, parsed by parseOkxChain. */
export async function fetchOkxSnapshot(
  http: VenueHttp,
  currency: string,
  opts: { readonly maxIv?: number } = {},
): Promise<ChainSnapshot> {
  const family = okxFamily(currency);
  const payloads = await fetchOkxPayloads(http, family);
  return parseOkxChain({
    ...payloads,
    source: `${http.baseUrl} ${family} options (REST)`,
    ...(opts.maxIv !== undefined ? { maxIv: opts.maxIv } : {}),
  });
}
