import {
  applyBinancePush,
  BINANCE_OPTIONS_WS_URL,
  type BinancePush,
  binanceProtocol,
} from '../sources/binance/messages.js';
import { fetchBinanceSnapshot } from '../sources/binance/rest.js';
import { type VenueWsSettings, VenueWsStream } from '../sources/venue/wsStream.js';
import { type LiveVenueSourceOptions, StreamedVenueSource } from './streamedSource.js';

export type BinanceLiveSourceOptions = LiveVenueSourceOptions<VenueWsSettings>;

/**
 * A live Binance chain: a REST snapshot (exchangeInfo, mark, index, openInterest) every `restMs`,
 * and between them the options WebSocket's mark-price and index streams (`btcusdt@optionMarkPrice`
 * and `!index@arr`; `BTC@markPrice` and `BTCUSDT@index` on the first-generation endpoint) writing
 * mark IV, forward (index·e^{rf·t}) and index into the chain.
 */
export function binanceLiveSource(options: BinanceLiveSourceOptions): StreamedVenueSource<BinancePush> {
  const c = options.currency.toUpperCase();
  return new StreamedVenueSource<BinancePush>({
    id: `binance-${c.toLowerCase()}`,
    label: `Binance ${c} (live)`,
    fetch: () => fetchBinanceSnapshot(options.http, c),
    stream: (callbacks) =>
      new VenueWsStream(binanceProtocol(`${c}USDT`, options.stream?.url ?? BINANCE_OPTIONS_WS_URL), {
        ...options.stream,
        ...callbacks,
      }),
    apply: applyBinancePush,
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
