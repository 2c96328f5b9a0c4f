import { applyBinancePush, type BinancePush, binanceProtocol } from '../sources/binance/messages.js';
import { fetchBinanceSnapshot } from '../sources/binance/rest.js';
import type { VenueHttp } from '../sources/venue/http.js';
import { type VenueWsSettings, VenueWsStream } from '../sources/venue/wsStream.js';
import { StreamedVenueSource } from './streamedSource.js';

export interface BinanceLiveSourceOptions {
  readonly currency: string;
  readonly http: VenueHttp;
  /** the stream's URL, ping and reconnect policy */
  readonly stream?: VenueWsSettings;
  /** REST snapshot interval (listings, open interest), ms; default 300,000 */
  readonly restMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * A live Binance chain: a REST snapshot (exchangeInfo, mark, index, openInterest) every `restMs`,
 * and between them the options WebSocket's `<base>@markPrice` and `<underlying>@index` streams
 * writing mark IV, forward (index·e^{rf·t}) and index into the chain.
 */
export function binanceLiveSource(options: BinanceLiveSourceOptions): StreamedVenueSource<BinancePush> {
  const c = options.currency.toUpperCase();
  return new StreamedVenueSource<BinancePush>({
    id: `binance-${c.toLowerCase()}`,
    label: `Binance ${c} (live)`,
    fetch: () => fetchBinanceSnapshot(options.http, c),
    stream: (callbacks) => new VenueWsStream(binanceProtocol(`${c}USDT`), { ...options.stream, ...callbacks }),
    apply: applyBinancePush,
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
